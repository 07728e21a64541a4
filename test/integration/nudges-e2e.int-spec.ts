import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { nudgeV1Schema } from '../../src/nudges/nudge.schema';
import { eventually, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { nudgeNight, sleepMessages } from '../support/stress-nights';
import { TestTokens } from '../support/tokens';

describe('readings in Kafka → warning → the person’s nudge (real Kafka and InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication;
  const tokens = new TestTokens();
  const subjectId = `nurse-${randomUUID()}`;

  beforeAll(async () => {
    t = await makeTestEnv('nudges-e2e');
    app = await startApp(t, { ...tokens.env, NUDGE_QUIET_HOURS: '00:00-00:00' });
  });
  afterAll(() => teardown(t, [app]));

  it('turns a stress episode into one warning nudge, delivered to nudges.v1 and the owner’s inbox', async () => {
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const token = await tokens.subject(subjectId);
    const call = async (method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const consent = { scopes: ['ingest', 'early-warning'], policyVersion: '2026-11', timeZone: 'UTC' };
    expect((await call('PUT', '/v1/me/consent', consent)).status).toBe(200);

    // the nights up to the one that asks for a nudge, moved so that it is last night (wake-up today)
    const k = await nudgeNight();
    const messages = sleepMessages(subjectId, k + 1);
    await produce(t, t.env.TOPIC_SLEEP!, messages);

    const inbox = await eventually(
      async () => (await (await call('GET', '/v1/me/nudges')).json()) as { nudgeId: string }[],
      (n) => n.length > 0,
      120_000,
    );
    expect(inbox).toHaveLength(1);
    const published: string[] = [];
    const consumer = t.kafka.consumer({ groupId: `${t.prefix}-probe`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: t.env.TOPIC_NUDGES!, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void (message.key?.toString() === subjectId && published.push(message.value!.toString())),
    });
    try {
      await eventually(
        async () => published.length,
        (n) => n === 1,
        30_000,
      );
    } finally {
      await consumer.disconnect();
    }
    const nudge = nudgeV1Schema.parse(JSON.parse(published[0]!));
    expect(nudge).toMatchObject({
      nudgeId: inbox[0]!.nudgeId,
      subjectId,
      level: 'warning',
      asOf: new Date(Date.now()).toISOString().slice(0, 10),
    });
    expect(nudge.signals.length).toBeGreaterThan(0);
    const longest = (pred: (s: string) => boolean) =>
      Math.max(-1, ...nudge.signals.filter((s) => pred(s.signal)).map((s) => s.days));
    const sleepFirst =
      longest((s) => s === 'sleep') >=
      Math.max(
        0,
        longest((s) => s !== 'sleep'),
      );
    expect(nudge.suggestions[0]!.category).toBe(sleepFirst ? 'sleep' : 'micro-recovery');
    expect(nudge.suggestions.some((s) => ['peer-support', 'professional-support'].includes(s.category))).toBe(
      true,
    );
  });
});
