import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import type { Measurement } from '../../src/influx/influx.lines';
import { MetricsService } from '../../src/metrics/metrics.service';
import { RetentionJob } from '../../src/retention/retention.job';
import { type OwnBucket, ownBucket } from '../support/buckets';
import { makeTestEnv, startApp, type TestEnv, teardown } from '../support/harness';

const DAY_MS = 86_400_000;
const PID = 't1.retentionAbCdEfGhIjKlMn';

/**
 * The retention run against the real InfluxDB, with the default 90 / 400 days: raw readings and
 * nightly summaries of one person at several ages, and what is left of them after `run(now)`.
 */
describe('retention deletes expired points (real InfluxDB)', () => {
  let t: TestEnv;
  let app: INestApplication | undefined;
  let bucket: OwnBucket;
  const now = new Date();
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const rawCut = today - 90 * DAY_MS;
  const dailyCut = today - 400 * DAY_MS;
  const ago = (days: number) => now.getTime() - days * DAY_MS;
  const ages = [5, 89, 91, 150, 399, 401];
  // readings `age` days old, and two at the raw cutoff: exactly on it (kept) and 1 ms before (gone)
  const rawTimes = [...ages.map(ago), rawCut, rawCut - 1].sort((a, b) => a - b);
  // nightly summaries stamped 00:00 UTC of the wake date `age` days back; 400 is exactly the cutoff
  const dailyTimes = [...ages, 400].map((age) => today - age * DAY_MS).sort((a, b) => a - b);

  beforeAll(async () => {
    t = await makeTestEnv('retention', 1);
    bucket = await ownBucket(t.env, 'retention');
    await bucket.write([
      ...rawTimes.map((ms) => `hrv,pid=${PID},source=oura,context=sleep rmssd_ms=42,utc_offset_min=60 ${ms}`),
      ...rawTimes.map((ms) => `sleep,pid=${PID},source=oura,main=true in_bed_min=450,efficiency=0.9 ${ms}`),
      ...dailyTimes.map((ms) => `daily,pid=${PID},source=oura sleep_h=7.1,ln_rmssd=3.7 ${ms}`),
    ]);
    app = await startApp(t, { INFLUX_BUCKET: bucket.name }); // the harness turns the schedule off
  });
  afterAll(async () => {
    await teardown(t, [app]);
    await bucket.drop();
  });

  const times = async (measurement: Measurement) =>
    (await app!.get(HistoryQuery).pointsOf(measurement, PID)).map((r) => Date.parse(String(r._time)));

  it('keeps raw readings of the last 90 days and nightly summaries of the last 400, nothing older', async () => {
    expect(await times('hrv')).toEqual(rawTimes);
    expect(await times('daily')).toEqual(dailyTimes);

    await expect(app!.get(RetentionJob).run(now)).resolves.toBe('ok');

    const keptRaw = [rawCut, ago(89), ago(5)];
    expect(await times('hrv')).toEqual(keptRaw);
    expect(await times('sleep')).toEqual(keptRaw);
    expect(await times('daily')).toEqual([dailyCut, ...[399, 150, 91, 89, 5].map((a) => today - a * DAY_MS)]);

    // a second run finds nothing more to delete
    await expect(app!.get(RetentionJob).run(now)).resolves.toBe('ok');
    expect(await times('hrv')).toEqual(keptRaw);
    const metrics = await app!.get(MetricsService).registry.metrics();
    expect(metrics).toContain('respite_retention_runs_total{outcome="ok"} 2');
    expect(metrics).toContain('respite_retention_runs_total{outcome="failed"} 0');
    expect(metrics).toContain(`respite_retention_last_success_timestamp_seconds ${now.getTime() / 1000}`);
  }, 120_000);
});
