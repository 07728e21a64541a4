import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { EventBus } from '../../src/events/event-bus';
import { NudgeDelivery } from '../../src/nudges/inbox/inbox.delivery';
import { InboxStore } from '../../src/nudges/inbox/inbox.store';
import type { NudgeRequest } from '../../src/warnings/nudge-request';
import { eventually, makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';
import { localDate, zoneAt } from '../support/zones';

type Nudge = { nudgeId: string; suggestions: { id: string; helpful?: boolean }[] };

describe('inbox, feedback and held nudges survive a restart (real Kafka)', () => {
  let t: TestEnv;
  let app: INestApplication;
  const tokens = new TestTokens();
  const [ana, ben, cam] = ['ana', 'ben', 'cam'].map((n) => `nurse-${n}-${randomUUID()}`) as [
    string,
    string,
    string,
  ];
  const [DAY, NIGHT] = [zoneAt(12), zoneAt(2)];
  const nudges: { key: string; value: string }[] = [];
  const env = { ...tokens.env, NUDGE_QUIET_HOURS: '21:00-07:30', PUSH_ENDPOINT_HOSTS: 'fcm.googleapis.com' };

  const call = async (method: string, path: string, subjectId: string, body?: unknown) => {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokens.subject(subjectId)}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as unknown };
  };
  const inbox = async (subjectId: string) => (await call('GET', '/v1/me/nudges', subjectId)).json as Nudge[];
  const request = (subjectId: string, zone: string): NudgeRequest => ({
    subjectId,
    pid: 'unused',
    asOf: localDate(zone),
    level: 'warning',
    signals: [{ signal: 'hrv', value: 3.4, baseline: 3.8, band: [3.6, 4.0], days: 3 }],
  });

  beforeAll(async () => {
    t = await makeTestEnv('nudges-restart');
    app = await startApp(t, env);
    const consumer = t.kafka.consumer({ groupId: `${t.prefix}-probe`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: t.env.TOPIC_NUDGES!, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void nudges.push({ key: message.key!.toString(), value: message.value!.toString() }),
    });
    probe = consumer;
  });
  let probe: { disconnect(): Promise<void> } | undefined;
  afterAll(async () => {
    await probe?.disconnect();
    await teardown(t, [app]);
  });

  it('rebuilds every inbox from the topic: nudges, feedback, bandit state, subscriptions, held nudges, erasures', async () => {
    for (const [who, zone] of [
      [ana, DAY],
      [ben, NIGHT],
      [cam, DAY],
    ] as const) {
      await call('PUT', '/v1/me/consent', who, {
        scopes: ['early-warning'],
        policyVersion: '2026-11',
        timeZone: zone,
      });
    }
    await app.get(EventBus).emit('nudge.requested', request(ana, DAY));
    await app.get(EventBus).emit('nudge.requested', request(ben, NIGHT)); // held until 07:30 in ben's zone
    await app.get(EventBus).emit('nudge.requested', request(cam, DAY));
    const [mine] = await eventually(
      () => inbox(ana),
      (n) => n.length === 1,
    );
    await eventually(
      () => inbox(cam),
      (n) => n.length === 1,
    );
    const [helped, notHelped] = mine!.suggestions.map((s) => s.id) as [string, string];
    const path = `/v1/me/nudges/${mine!.nudgeId}/feedback`;
    expect((await call('POST', path, ana, { suggestionId: helped, helpful: true })).status).toBe(200);
    expect((await call('POST', path, ana, { suggestionId: notHelped, helpful: false })).status).toBe(200);
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const device = {
      endpoint: `https://fcm.googleapis.com/fcm/send/${randomUUID()}`,
      keys: {
        p256dh: ecdh.getPublicKey().toString('base64url'),
        auth: randomBytes(16).toString('base64url'),
      },
    };
    expect((await call('POST', '/v1/me/push-subscriptions', ana, device)).status).toBe(201);
    expect((await call('DELETE', '/v1/me/consent?erase=true', cam)).status).toBe(200);

    const before = { ana: await inbox(ana), state: app.get(InboxStore).get(ana) };
    const heldBefore = app.get(InboxStore).get(ben)!.nudges;
    expect(heldBefore.map((e) => e.deliveredAt)).toEqual([null]);

    await app.close();
    app = await startApp(t, env);

    expect(await inbox(ana)).toEqual(before.ana);
    expect((await inbox(ana))[0]!.suggestions.slice(0, 2).map((s) => s.helpful)).toEqual([true, false]);
    const after = app.get(InboxStore).get(ana)!;
    expect(after).toEqual(before.state);
    expect(after.state.arms[helped]).toEqual([2, 1]);
    expect(after.state.arms[notHelped]).toEqual([1, 2]);
    expect(after.subscriptions.map((s) => s.endpoint)).toEqual([device.endpoint]);
    expect(await inbox(cam)).toEqual([]);
    expect(app.get(InboxStore).get(cam)).toBeUndefined();

    // the held nudge is still held, and is delivered (keyed by ben's subjectId) when quiet hours end
    expect(app.get(InboxStore).get(ben)!.nudges).toEqual(heldBefore);
    expect(await app.get(NudgeDelivery).releaseDue(new Date(heldBefore[0]!.deliverAt))).toBe(1);
    expect((await inbox(ben)).map((n) => n.nudgeId)).toEqual([heldBefore[0]!.nudge.nudgeId]);
    await eventually(
      async () => nudges.filter((n) => n.key === ben).length,
      (n) => n === 1,
    );
    // a repeat of an already answered request after the restart is recognised
    await app.get(EventBus).emit('nudge.requested', request(ana, DAY));
    expect(await inbox(ana)).toEqual(before.ana);
  });
});
