import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { EventBus } from '../../src/events/event-bus';
import { NudgeDelivery } from '../../src/nudges/inbox/inbox.delivery';
import { InboxStore } from '../../src/nudges/inbox/inbox.store';
import { nudgeV1Schema } from '../../src/nudges/nudge.schema';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import type { NudgeRequest } from '../../src/warnings/nudge-request';
import { eventually, http, makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';
import { localDate, zoneAt } from '../support/zones';

const DAY = zoneAt(12);
const NIGHT = zoneAt(2);

describe('nudge delivery: nudges.v1, live stream, quiet hours, erasure (real Kafka)', () => {
  let t: TestEnv;
  let app: INestApplication;
  const tokens = new TestTokens();
  const topic: { key: string; value: string | null }[] = [];
  const inboxTopic: { key: string; value: string | null }[] = [];
  const person = (n: string) => `nurse-${n}-${randomUUID()}`;

  const call = http(() => app);
  const grant = async (subjectId: string, timeZone: string) =>
    call('PUT', '/v1/me/consent', await tokens.subject(subjectId), {
      scopes: ['ingest', 'early-warning'],
      policyVersion: '2026-11',
      timeZone,
    });
  const nudgeFor = (subjectId: string, zone: string, signal: 'sleep' | 'hrv' = 'sleep'): NudgeRequest => ({
    subjectId,
    pid: 'unused',
    asOf: localDate(zone),
    level: 'warning',
    signals: [{ signal, value: 5.8, baseline: 7.1, band: [6.7, 7.5], days: 4 }],
  });
  const inbox = async (subjectId: string) =>
    (await call('GET', '/v1/me/nudges', await tokens.subject(subjectId))).json as { nudgeId: string }[];
  const published = (subjectId: string) => topic.filter((r) => r.key === subjectId);

  /** Reads the owner's event stream; `events` fills as nudges arrive. */
  async function listen(subjectId: string) {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const abort = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/v1/me/nudges/stream`, {
      headers: { authorization: `Bearer ${await tokens.subject(subjectId)}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const events: { type: string; data: { nudgeId: string } }[] = [];
    const state = { ended: false };
    void (async () => {
      let buf = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body!) {
          buf += decoder.decode(chunk as Uint8Array, { stream: true });
          for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
            const lines = buf.slice(0, i).split('\n');
            buf = buf.slice(i + 2);
            const type = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '';
            if (type === 'nudge') events.push({ type, data: JSON.parse(data) });
          }
        }
      } catch {}
      state.ended = true;
    })();
    return { events, state, close: () => abort.abort() };
  }

  beforeAll(async () => {
    t = await makeTestEnv('nudges-delivery');
    app = await startApp(t, {
      ...tokens.env,
      NUDGE_QUIET_HOURS: '21:00-07:30',
    });
    const follow = async (name: string, into: typeof topic) => {
      const consumer = t.kafka.consumer({
        groupId: `${t.prefix}-probe-${randomUUID()}`,
        maxWaitTimeInMs: 100,
      });
      await consumer.connect();
      await consumer.subscribe({ topic: name, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void into.push({ key: message.key!.toString(), value: message.value?.toString() ?? null }),
      });
      return consumer;
    };
    probes.push(await follow(t.env.TOPIC_NUDGES!, topic), await follow(t.env.TOPIC_INBOX!, inboxTopic));
  });
  const probes: { disconnect(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const p of probes) await p.disconnect();
    await teardown(t, [app]);
  });

  it('publishes to nudges.v1 keyed by subjectId, sleep help first for sleep signals, and keeps the inbox by pid', async () => {
    const [ana, ben] = [person('ana'), person('ben')];
    await grant(ana, DAY);
    await grant(ben, DAY);
    await app.get(EventBus).emit('nudge.requested', nudgeFor(ana, DAY, 'sleep'));
    await app.get(EventBus).emit('nudge.requested', nudgeFor(ben, DAY, 'hrv'));
    await eventually(
      async () => published(ana).length + published(ben).length,
      (n) => n === 2,
    );
    const a = nudgeV1Schema.parse(JSON.parse(published(ana)[0]!.value!));
    const b = nudgeV1Schema.parse(JSON.parse(published(ben)[0]!.value!));
    expect([a.subjectId, b.subjectId]).toEqual([ana, ben]);
    expect(a.suggestions[0]!.category).toBe('sleep');
    expect(b.suggestions[0]!.category).toBe('micro-recovery');
    expect(a.signals).toEqual(nudgeFor(ana, DAY).signals);
    expect((await inbox(ana)).map((n) => n.nudgeId)).toEqual([a.nudgeId]);

    const pid = app.get(Pseudonymizer).pid(ana);
    await eventually(
      async () => inboxTopic.filter((r) => r.key === pid).length,
      (n) => n >= 2,
    );
    expect(inboxTopic.every((r) => !r.key.includes('nurse') && !r.value?.includes('nurse-'))).toBe(true);
  });

  it('streams a nudge to its owner only', async () => {
    const [ana, ben] = [person('ana'), person('ben')];
    await grant(ana, DAY);
    await grant(ben, DAY);
    const [toAna, toBen] = [await listen(ana), await listen(ben)];
    await app.get(EventBus).emit('nudge.requested', nudgeFor(ana, DAY));
    await eventually(
      async () => toAna.events.length,
      (n) => n === 1,
    );
    await app.get(EventBus).emit('nudge.requested', nudgeFor(ben, DAY));
    await eventually(
      async () => toBen.events.length,
      (n) => n === 1,
    );
    expect(toAna.events.map((e) => e.data.nudgeId)).toEqual((await inbox(ana)).map((n) => n.nudgeId));
    expect(toBen.events.map((e) => e.data.nudgeId)).toEqual((await inbox(ben)).map((n) => n.nudgeId));
    toBen.close();
    // erasure ends the owner's stream and drops the inbox under a tombstone
    expect((await call('DELETE', '/v1/me/consent?erase=true', await tokens.subject(ana))).status).toBe(200);
    await eventually(
      async () => toAna.state.ended,
      (e) => e,
    );
    expect(await inbox(ana)).toEqual([]);
    const pid = app.get(Pseudonymizer).pid(ana);
    await eventually(
      async () => inboxTopic.filter((r) => r.key === pid).at(-1),
      (r) => r?.value === null,
    );
  });

  it('holds a nudge through the person’s quiet hours and releases it when they end', async () => {
    const ida = person('ida');
    await grant(ida, NIGHT);
    await app.get(EventBus).emit('nudge.requested', nudgeFor(ida, NIGHT));
    const held = app.get(InboxStore).get(ida)?.nudges ?? [];
    expect(held.map((e) => e.deliveredAt)).toEqual([null]);
    expect(await inbox(ida)).toEqual([]);
    expect(await app.get(NudgeDelivery).releaseDue()).toBe(0);
    const end = new Date(held[0]!.deliverAt);
    expect(end.getTime() - Date.now()).toBeGreaterThan(4 * 3_600_000); // 07:30 local, from 02:xx
    expect(await app.get(NudgeDelivery).releaseDue(end)).toBe(1);
    expect((await inbox(ida)).map((n) => n.nudgeId)).toEqual([held[0]!.nudge.nudgeId]);
    await eventually(
      async () => published(ida).length,
      (n) => n === 1,
    );
  });
});
