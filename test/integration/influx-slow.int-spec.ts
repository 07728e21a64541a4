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
import { pauseInflux, resumeInflux } from '../support/stack-control';

// #22: InfluxDB slow rather than down. Frozen (SIGSTOP / docker pause), it keeps its connections
// and answers nothing: writes hang until their timeout and are retried. Meanwhile the backlog in
// Kafka must stay in Kafka (the ingest memory budget), and once InfluxDB answers again every reading
// is stored, once.
const BUDGET = 96 * 1024;
const PEOPLE = 40;
const PER_PERSON = 100;
const FROZEN_MS = 20_000;

describe('InfluxDB frozen mid-stream (real servers)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  let paused = false;

  beforeAll(async () => {
    t = await makeTestEnv('influx-slow', 6);
  });
  afterAll(async () => {
    if (paused) resumeInflux();
    await teardown(t, [app]);
  });

  it('holds no more than its budget while InfluxDB hangs, and loses nothing', async () => {
    const { subjects, pids } = await consentedPeople(t, PEOPLE, 'slow');
    const readings = hrvReadings(subjects, PER_PERSON, Date.UTC(2026, 8, 3));
    app = await startApp(t, {
      INGEST_MEMORY_BUDGET_BYTES: String(BUDGET),
      INGEST_CONCURRENCY: '6',
      INFLUX_WRITE_TIMEOUT_MS: '2000',
    });
    const metrics = app.get(MetricsService);
    const held = async () => (await metrics.heldBytes.get()).values[0]?.value ?? 0;

    pauseInflux();
    paused = true;
    for (let i = 0; i < readings.length; i += 60)
      await t.producer.send({ topic: t.env.TOPIC_HRV!, acks: -1, messages: readings.slice(i, i + 60) });
    const backlog = readings.reduce((n, r) => n + r.key.length + r.value.length, 0);
    expect(backlog).toBeGreaterThan(5 * BUDGET); // the budget must bite
    let most = 0;
    for (const until = Date.now() + FROZEN_MS; Date.now() < until; ) {
      most = Math.max(most, await held());
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(most).toBeGreaterThan(0); // it did fetch, and it is waiting on InfluxDB
    expect(most).toBeLessThanOrEqual(BUDGET);
    resumeInflux();
    paused = false;

    const stored = await eventually(
      () => storedPoints(pids, '2026-09-03T00:00:00Z', '2026-09-04T00:00:00Z'),
      (n) => n >= readings.length,
      180_000,
    );
    expect(stored).toBe(readings.length);
    expect((await metrics.heldBytesPeak.get()).values[0]!.value).toBeLessThanOrEqual(BUDGET);
  }, 300_000);
});
