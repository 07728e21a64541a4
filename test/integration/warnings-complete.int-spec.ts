// A night is evaluated once its data is complete, whatever order Kafka delivers it in (issue #20).
// The HRV topic is large (other people's readings first), the sleep topic small: the service reads
// every sleep record long before the HRV produced just ahead of it. SDNN-only watches and RR straps
// send HRV only as hrv.v1 readings, so their nights must wait for them.
import type { INestApplication } from '@nestjs/common';
import { HistoryQuery } from '../../src/influx/influx.history-query';
import { MetricsService } from '../../src/metrics/metrics.service';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import { nightsFromMessages } from '../../tools/evaluation/nights.from-messages';
import { type SimMessage, simulateCohort } from '../../tools/simulator/cohort.simulator';
import {
  consentRecord,
  eventually,
  makeTestEnv,
  produce,
  startApp,
  type TestEnv,
  teardown,
} from '../support/harness';
import { hrvReadings } from '../support/readings';

const END = Date.UTC(2026, 9, 31);
const sim = simulateCohort({ people: 9, days: 30, seed: 11, endDateMs: END, gaps: false });
const hrvOnly = sim.people.filter((p) => p.devices.every((d) => d.kind !== 'rmssd')).map((p) => p.subjectId);
const offline = nightsFromMessages(sim.messages, Date.now()).nights;
const FILLER = Array.from({ length: 20 }, (_, i) => `filler-${i}`);

/** A counter's total over every app, by name (a metric an older build lacks counts 0). */
async function total(
  apps: INestApplication[],
  name: string,
  where: (labels: Record<string, unknown>) => boolean = () => true,
): Promise<number> {
  let n = 0;
  for (const app of apps) {
    const m = app.get(MetricsService).registry.getSingleMetric(name);
    for (const v of (await m?.get())?.values ?? []) if (where(v.labels)) n += v.value;
  }
  return n;
}

/** Produces in sync order: per day, the HRV readings, then the sleep sessions (as apps sync). */
async function produceInSyncOrder(t: TestEnv, messages: SimMessage[]) {
  const days = new Map<number, SimMessage[]>();
  messages.forEach((m, i) => {
    const day = Math.floor(i / (2 * sim.people.length));
    days.set(day, [...(days.get(day) ?? []), m]);
  });
  for (const chunk of days.values())
    for (const topic of ['hrv', 'sleep'] as const)
      await produce(
        t,
        topic === 'hrv' ? t.env.TOPIC_HRV! : t.env.TOPIC_SLEEP!,
        chunk.filter((m) => m.topic === topic).map(({ key, value }) => ({ key, value })),
      );
}

async function replay(t: TestEnv, instances: number): Promise<INestApplication[]> {
  await produce(t, t.env.TOPIC_CONSENT!, [
    ...sim.people.map((p) => consentRecord(p.subjectId)),
    ...FILLER.map((s) => consentRecord(s, ['ingest'])),
  ]);
  // the large HRV topic: other people's readings ahead of this cohort's
  await produce(t, t.env.TOPIC_HRV!, hrvReadings(FILLER, 600, END - 200 * 86_400_000));
  await produceInSyncOrder(t, sim.messages);
  const overrides = { INGEST_FETCH_BYTES: '32768', WARNING_PENDING_CHECK_MS: '250' };
  const apps = await Promise.all(Array.from({ length: instances }, () => startApp(t, overrides)));
  const hrv = FILLER.length * 600 + sim.messages.filter((m) => m.topic === 'hrv').length;
  const sleeps = sim.messages.filter((m) => m.topic === 'sleep').length;
  // a rebalance between the instances may deliver a batch twice: at least, then
  await eventually(
    () => total(apps, 'respite_readings_ingested_total'),
    (n) => n >= hrv + sleeps,
    120_000,
  );
  // each night evaluated once (a second delivery comes out duplicate or late)
  await eventually(
    () => total(apps, 'respite_warning_nights_total', (l) => l.status === 'evaluated' || l.status === 'held'),
    (n) => n === sleeps,
    60_000,
  );
  return apps;
}

/** Every stored night of the HRV-only people has the HRV the in-order assembly gives it. */
async function expectNightsWithHrv(app: INestApplication) {
  const history = app.get(HistoryQuery);
  const pseudo = app.get(Pseudonymizer);
  expect(hrvOnly.length).toBeGreaterThanOrEqual(2);
  for (const subjectId of hrvOnly) {
    const stored = await history.nights(pseudo.pid(subjectId), 0);
    const expected = offline.get(subjectId)!;
    expect(stored.map((n) => n.wakeDate)).toEqual(expected.map((n) => n.wakeDate));
    const hrvOf = (n: { lnRmssd?: number; lnSdnn?: number }) => n.lnRmssd ?? n.lnSdnn;
    expect(expected.every((n) => hrvOf(n) !== undefined)).toBe(true);
    for (const [i, n] of stored.entries()) expect(hrvOf(n)).toBeCloseTo(hrvOf(expected[i]!)!, 6);
  }
}

describe('nights wait for their HRV (real Kafka → ingest → InfluxDB → warnings)', () => {
  const envs: TestEnv[] = [];
  const apps: INestApplication[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    for (const t of envs) await teardown(t, []);
  });

  it('one instance: the sleep topic read far ahead of the HRV, every night evaluated with its HRV', async () => {
    const t = await makeTestEnv('complete');
    envs.push(t);
    const started = await replay(t, 1);
    apps.push(...started);
    expect(await total(started, 'respite_warning_hrv_late_total')).toBe(0);
    expect(await total(started, 'respite_warning_nights_incomplete_total')).toBe(0);
    await expectNightsWithHrv(started[0]!);
  }, 240_000);

  it('two instances in one group: the HRV a night needs may be consumed by the other one', async () => {
    const t = await makeTestEnv('complete2');
    envs.push(t);
    const started = await replay(t, 2);
    apps.push(...started);
    expect(await total(started, 'respite_warning_hrv_late_total')).toBe(0);
    expect(await total(started, 'respite_warning_nights_incomplete_total')).toBe(0);
    await expectNightsWithHrv(started[0]!);
  }, 240_000);
});
