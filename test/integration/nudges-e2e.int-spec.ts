import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { dayNumber } from '../../src/night/night';
import { nudgeV1Schema } from '../../src/nudges/nudge.schema';
import type { NudgeRequest } from '../../src/warnings/nudge-request';
import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { WarningStates } from '../../src/warnings/warning.states';
import { D0, nights, normal, sleepOf, stressed } from '../../src/warnings/warnings.fixtures';
import { WarningsProcessor } from '../../src/warnings/warnings.processor';
import { eventually, makeTestEnv, produce, startApp, type TestEnv, teardown } from '../support/harness';
import { TestTokens } from '../support/tokens';

const DAY_MS = 86_400_000;
const STRESS_FROM = 40;

/** The night (index) whose verdict asks for a nudge, found with the pure engine on the same nights. */
async function nudgeNight(): Promise<number> {
  const sent: NudgeRequest[] = [];
  const processor = new WarningsProcessor(
    new WarningStates(DEFAULT_WARNING_CONFIG),
    {
      allows: () => true,
      storedHrv: async () => [],
      catchUp: async () => {},
      writeChangelog: async () => {},
      emit: async (r) => void sent.push(r),
      storeNights: async () => {},
    },
    'probe',
  );
  await processor.onStored(nights('probe', 'p', 0, STRESS_FROM + 14, STRESS_FROM));
  if (!sent[0]) throw new Error('the fixture nights never ask for a nudge');
  return dayNumber(sent[0].asOf) - D0;
}

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
    const shiftMs = (Math.floor(Date.now() / DAY_MS) - (D0 + k)) * DAY_MS;
    const iso = (ms: number) => new Date(ms + shiftMs).toISOString().replace('Z', '+00:00');
    const messages = Array.from({ length: k + 1 }, (_, i) => {
      const s = sleepOf(subjectId, i, i >= STRESS_FROM ? stressed(i) : normal(i));
      const value = {
        schema: 'sleep.v1',
        readingId: randomUUID(),
        subjectId,
        source: 'oura',
        startAt: iso(s.startAtMs),
        endAt: iso(s.endAtMs),
        isMainSleep: true,
        stagesMin: s.stagesMin,
        restingHrBpm: s.restingHrBpm,
        avgRmssdMs: s.avgRmssdMs,
      };
      return { key: subjectId, value: JSON.stringify(value) };
    });
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
