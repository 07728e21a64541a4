import type { INestApplication } from '@nestjs/common';
import { MetricsService } from '../../src/metrics/metrics.service';
import {
  consentedPeople,
  eventually,
  makeTestEnv,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';
import { hrvReadings, storedPoints } from '../support/readings';

const BUDGET = 96 * 1024;
const PEOPLE = 40;
const PER_PERSON = 250;

describe('ingest memory budget against real servers', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    t = await makeTestEnv('budget', 6);
  });
  afterAll(() => teardown(t, [app]));

  it('with a budget far below the backlog: every reading stored once, never more bytes held than the budget', async () => {
    const { subjects, pids } = await consentedPeople(t, PEOPLE, 'budget');
    const readings = hrvReadings(subjects, PER_PERSON, Date.UTC(2026, 8, 1));
    const backlog = readings.reduce((n, r) => n + r.key.length + r.value.length, 0);
    expect(backlog).toBeGreaterThan(20 * BUDGET); // the budget must bite
    // the whole backlog is in Kafka before the service starts: a fetch could take all of it. Sent in
    // small producer batches (as a Java producer's 16 KiB): Kafka returns a record batch larger
    // than the fetch size whole, which no consumer can prevent
    for (let i = 0; i < readings.length; i += 60)
      await t.producer.send({ topic: t.env.TOPIC_HRV!, acks: -1, messages: readings.slice(i, i + 60) });
    app = await startApp(t, { INGEST_MEMORY_BUDGET_BYTES: String(BUDGET), INGEST_CONCURRENCY: '6' });
    const metrics = app.get(MetricsService);
    const stored = await eventually(
      () => storedPoints(pids, '2026-09-01T00:00:00Z', '2026-09-02T00:00:00Z'),
      (n) => n >= readings.length,
      240_000,
    );
    expect(stored).toBe(readings.length);
    const peak = (await metrics.heldBytesPeak.get()).values[0]!.value;
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(BUDGET);
    // everything acknowledged and committed: nothing held any more
    await eventually(
      async () => (await metrics.heldBytes.get()).values[0]!.value,
      (held) => held === 0,
    );
  }, 300_000);
});
