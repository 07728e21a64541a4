import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { EventBus } from '../../src/events/event-bus';
import { InboxStore } from '../../src/nudges/inbox/inbox.store';
import { PUSH_PREVIEW } from '../../src/nudges/suggestions/message';
import type { NudgeRequest } from '../../src/warnings/nudge-request';
import { eventually, http, makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';
import { PushEndpoint } from '../support/push-endpoint';
import { TestTokens } from '../support/tokens';

/** Web Push against a local push service that decrypts like a browser (test/support/push-endpoint). */
describe('Web Push of nudges (real Kafka, local push service)', () => {
  let t: TestEnv;
  let app: INestApplication;
  let push: PushEndpoint;
  const tokens = new TestTokens();
  const person = (n: string) => `nurse-${n}-${randomUUID()}`;

  const call = http(() => app);
  const grant = async (subjectId: string) =>
    call('PUT', '/v1/me/consent', await tokens.subject(subjectId), {
      scopes: ['ingest', 'early-warning'],
      policyVersion: '2026-11',
      timeZone: 'UTC',
    });
  const nudgeFor = (subjectId: string): NudgeRequest => ({
    subjectId,
    pid: 'unused',
    asOf: new Date().toISOString().slice(0, 10),
    level: 'warning',
    signals: [{ signal: 'sleep', value: 5.8, baseline: 7.1, band: [6.7, 7.5], days: 4 }],
  });
  const inbox = async (subjectId: string) =>
    (await call('GET', '/v1/me/nudges', await tokens.subject(subjectId))).json as { nudgeId: string }[];

  beforeAll(async () => {
    push = await PushEndpoint.start();
    t = await makeTestEnv('nudges-push');
    app = await startApp(t, {
      ...tokens.env,
      NUDGE_QUIET_HOURS: '00:00-00:00',
      PUSH_ENDPOINT_HOSTS: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await teardown(t, [app]);
    await push.close();
  });

  it('pushes only the preview and the nudgeId, encrypted for the device and signed with VAPID', async () => {
    const ana = person('ana');
    await grant(ana);
    const token = await tokens.subject(ana);
    const device = push.subscribe(`ana-${randomUUID()}`);
    const bad = { ...device, keys: { ...device.keys, p256dh: device.keys.auth } };
    const refused = await call('POST', '/v1/me/push-subscriptions', token, bad);
    expect(refused).toMatchObject({ status: 400, json: { issues: [{ path: 'keys.p256dh' }] } });
    const elsewhere = { ...device, endpoint: 'https://10.1.2.3/push/x' };
    const denied = await call('POST', '/v1/me/push-subscriptions', token, elsewhere);
    expect(denied).toMatchObject({ status: 400, json: { issues: [{ path: 'endpoint' }] } });
    expect(await call('POST', '/v1/me/push-subscriptions', token, device)).toEqual({
      status: 201,
      json: { endpoint: device.endpoint },
    });

    await app.get(EventBus).emit('nudge.requested', nudgeFor(ana));
    const [got] = await eventually(
      async () => [...push.received],
      (r) => r.length === 1,
    );
    const [nudge] = await inbox(ana);
    expect(push.errors).toEqual([]);
    expect(JSON.parse(got!.plaintext)).toEqual({ ...PUSH_PREVIEW, nudgeId: nudge!.nudgeId });
    const { publicKey } = (await call('GET', '/v1/push/vapid-public-key')).json as { publicKey: string };
    expect(got!.vapid.k).toBe(publicKey);
    expect(got!.body.toString('latin1')).not.toContain(nudge!.nudgeId);

    // the push service says the subscription is gone: it is dropped
    const gone = person('gus');
    await grant(gone);
    const old = push.subscribe(`gus-${randomUUID()}`, 410);
    await call('POST', '/v1/me/push-subscriptions', await tokens.subject(gone), old);
    await app.get(EventBus).emit('nudge.requested', nudgeFor(gone));
    await eventually(
      async () => app.get(InboxStore).get(gone)?.subscriptions.length,
      (n) => n === 0,
    );
    expect(await call('DELETE', '/v1/me/push-subscriptions', token, { endpoint: device.endpoint })).toEqual({
      status: 204,
      json: null,
    });
    expect(app.get(InboxStore).get(ana)?.subscriptions).toEqual([]);
  });
});
