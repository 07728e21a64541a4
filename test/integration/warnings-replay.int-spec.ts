import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ErasureService } from '../../src/erasure/erasure.service';
import { EventBus } from '../../src/events/event-bus';
import { MetricsService } from '../../src/metrics/metrics.service';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import type { NudgeRequest } from '../../src/warnings/nudge-request';
import { SENSITIVE_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { WarningStates } from '../../src/warnings/warning.states';
import { WarningMetrics } from '../../src/warnings/warnings.metrics';
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

// Seed 7 (episodes doubled, confounders on, no gaps): person 0 (SDNN-only watch, so HRV reaches the
// night only from separate hrv.v1 readings) has a stress episode from 2026-10-08 and, replayed
// through the pure engine, two warnings: one before the restart and one after it. Persons 1-3 have
// no episode; person 1 (also an SDNN-only watch) is warned once, on 2026-10-04, the first nights
// after a flight across 5-9 time zones: a false alarm, which live operation must make exactly as the
// replay does. Person 4 grants ingest but not early-warning. The service and the replay run the
// sensitive preset (WARNING_PRESET=sensitive, k 1.85), with which these are the warnings (as with k
// 1.8, the default before #20, and k 1.9 before the warning's step-down); the default (k 2.0) spends
// fewer false alerts and does not warn person 1, which would leave "anyone else exactly as a replay"
// without a warning to compare.
const END = Date.UTC(2026, 9, 31);
const sim = simulateCohort({ people: 5, days: 75, seed: 7, endDateMs: END, episodeScale: 2, gaps: false });
const CUT = '2026-10-16'; // phase 1: nights up to this wake date; phase 2: the rest, after a restart
const ids = sim.people.map((p) => p.subjectId);
const warned = ids.slice(0, 4);
const episode = sim.truth[0]!.episodes[0]!;

/** The wake date a message belongs to: a sleep's local end date, an HRV reading's night. */
function nightOf(m: SimMessage): string {
  const v = JSON.parse(m.value) as { endAt?: string; measuredAt?: string };
  if (v.endAt) return v.endAt.slice(0, 10);
  const local = v.measuredAt!.slice(0, 19);
  const day =
    Date.parse(`${local.slice(0, 10)}T00:00:00Z`) + (Number(local.slice(11, 13)) >= 12 ? 86_400_000 : 0);
  return new Date(day).toISOString().slice(0, 10);
}

/** What the pure engine decides on the same messages, evaluated in process, night by night. */
function offline() {
  const { nights } = nightsFromMessages(sim.messages, Date.now());
  const reg = new WarningStates(SENSITIVE_WARNING_CONFIG);
  const nudges: Omit<NudgeRequest, 'pid' | 'timeZoneHint'>[] = [];
  for (const subjectId of warned)
    for (const n of nights.get(subjectId) ?? []) {
      const v = reg.evaluate(subjectId, n);
      if (v.nudge && v.level !== 'none')
        nudges.push({ subjectId, asOf: v.asOf, level: v.level, signals: v.signals });
    }
  return { nudges, lastNight: new Map(warned.map((s) => [s, nights.get(s)!.at(-1)!.wakeDate])) };
}

type Metric = { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> };
/** A counter's or gauge's total, over the label values `where` accepts. */
const sum = async (c: Metric, where: (labels: Record<string, unknown>) => boolean = () => true) =>
  (await c.get()).values.filter((v) => where(v.labels)).reduce((n, v) => n + v.value, 0);
const kv = (ms: SimMessage[]) => ms.map(({ key, value }) => ({ key, value }));

describe('warnings in event time (real Kafka → ingest → InfluxDB → warnings → changelog)', () => {
  let t: TestEnv;
  const apps: INestApplication[] = [];
  const requests: NudgeRequest[] = [];
  const expected = offline();

  beforeAll(async () => {
    t = await makeTestEnv('warnings');
    await produce(t, t.env.TOPIC_CONSENT!, [
      ...warned.map((s) => consentRecord(s)),
      consentRecord(ids[4]!, ['ingest', 'aggregate-trends']),
    ]);
  });
  afterAll(() => teardown(t, apps));

  async function start(): Promise<INestApplication> {
    const app = await startApp(t, { WARNING_PRESET: 'sensitive' });
    apps.push(app);
    app.get(EventBus).on('nudge.requested', 'test', (r) => {
      requests.push(r);
    });
    return app;
  }

  /** A night's HRV is stored before its sleep completes it, as when a watch syncs (src/warnings/README.md). */
  async function replay(app: INestApplication, messages: SimMessage[], extraSleeps: SimMessage[] = []) {
    const hrv = messages.filter((m) => m.topic === 'hrv');
    const sleep = [...messages.filter((m) => m.topic === 'sleep'), ...extraSleeps];
    const ingested = app.get(MetricsService).ingested;
    await produce(t, t.env.TOPIC_HRV!, kv(hrv));
    await eventually(
      () => sum(ingested, (l) => l.kind === 'hrv'),
      (n) => n === hrv.length,
    );
    await produce(t, t.env.TOPIC_SLEEP!, kv(sleep));
    const m = app.get(WarningMetrics);
    await eventually(
      async () => (await sum(m.nights)) + (await sum(m.skippedNoConsent)),
      (n) => n === sleep.length,
    );
  }

  it('warns the person in a stress episode inside it, and anyone else exactly as a replay in process would', async () => {
    const app = await start();
    await replay(
      app,
      sim.messages.filter((m) => nightOf(m) <= CUT),
    );
    const phase1 = expected.nudges.filter((n) => n.asOf <= CUT);
    expect(phase1.map((n) => n.subjectId)).toEqual([ids[0], ids[1]]);
    expect(phase1[1]!.asOf).toBe('2026-10-04');
    // two people, maybe on two partitions: the order between them is not defined, each one's is
    const byNight = (a: { asOf: string; subjectId: string }, b: { asOf: string; subjectId: string }) =>
      a.asOf.localeCompare(b.asOf) || a.subjectId.localeCompare(b.subjectId);
    expect(requests.map(({ pid, timeZoneHint, ...r }) => r).sort(byNight)).toEqual([...phase1].sort(byNight));
    const warning = requests.find((r) => r.subjectId === ids[0])!;
    expect(warning.level).toBe('warning');
    expect(warning.asOf >= episode.onset && warning.asOf <= episode.end).toBe(true);
    expect(warning.pid).toBe(app.get(Pseudonymizer).pid(ids[0]!));
    // the SDNN watch's HRV, sent only as hrv.v1 readings, reached its nights
    expect(requests.find((r) => r.subjectId === ids[1])!.signals.map((s) => s.signal)).toContain('hrv');
    const m = app.get(WarningMetrics);
    expect(await sum(m.skippedNoConsent)).toBe(60);
    expect(await sum(m.states)).toBe(4);
  });

  it('after a restart: states restored, no night evaluated twice, the next warning on time', async () => {
    await apps[0]!.close();
    const app = await start();
    const m = app.get(WarningMetrics);
    expect(await sum(m.restored)).toBe(4);
    // a night already evaluated arrives again (a re-sent sleep session): ignored
    const old = sim.messages.find(
      (x) => x.topic === 'sleep' && x.key === ids[0] && nightOf(x) === '2026-10-14',
    )!;
    const resent = { ...old, value: JSON.stringify({ ...JSON.parse(old.value), readingId: randomUUID() }) };
    await replay(
      app,
      sim.messages.filter((x) => nightOf(x) > CUT),
      [resent],
    );
    const phase2 = expected.nudges.filter((n) => n.asOf > CUT);
    expect(phase2).toHaveLength(1);
    expect(requests.slice(2).map(({ pid, timeZoneHint, ...r }) => r)).toEqual(phase2);
    expect(phase2[0]!.subjectId).toBe(ids[0]);
    expect(requests[2]!.asOf >= episode.onset && requests[2]!.asOf <= episode.end).toBe(true);
    expect(await sum(m.nights, (l) => l.status === 'late' || l.status === 'duplicate')).toBe(1);
    // no night came out cold-start again: the restored baselines carried on
    expect(await sum(m.nights, (l) => l.reason === 'cold-start')).toBe(0);
  });

  it('keeps each person’s latest state on the compacted changelog, and none for the person without consent', async () => {
    const pseudo = apps[1]!.get(Pseudonymizer);
    const latest = await readLatest(t, t.env.TOPIC_WARNING_STATE!);
    for (const s of warned)
      expect(JSON.parse(latest.get(pseudo.pid(s))!)).toMatchObject({
        v: 1,
        lastNight: expected.lastNight.get(s),
      });
    expect(latest.has(pseudo.pid(ids[4]!))).toBe(false);
    expect([...latest.keys()].some((k) => ids.includes(k))).toBe(false); // keyed by pid only
  });

  it('drops a state on erasure and on withdrawn consent, with a tombstone on the changelog', async () => {
    const app = apps[1]!;
    const pseudo = app.get(Pseudonymizer);
    await app.get(ErasureService).erase({ subjectId: ids[1]!, via: 'tombstone' });
    const revoked = { ...JSON.parse(consentRecord(ids[2]!).value), status: 'revoked', scopes: [] };
    await produce(t, t.env.TOPIC_CONSENT!, [{ key: ids[2]!, value: JSON.stringify(revoked) }]);
    await eventually(
      () => sum(app.get(WarningMetrics).states),
      (n) => n === 2,
    );
    const latest = await readLatest(t, t.env.TOPIC_WARNING_STATE!);
    expect(latest.has(pseudo.pid(ids[1]!))).toBe(false);
    expect(latest.has(pseudo.pid(ids[2]!))).toBe(false);
    expect(latest.has(pseudo.pid(ids[0]!))).toBe(true);
  });

  it('a withdrawal made while no instance ran drops the restored state at the next start', async () => {
    await apps[1]!.close();
    const revoked = { ...JSON.parse(consentRecord(ids[3]!).value), status: 'revoked', scopes: [] };
    await produce(t, t.env.TOPIC_CONSENT!, [{ key: ids[3]!, value: JSON.stringify(revoked) }]);
    const app = await start();
    const m = app.get(WarningMetrics);
    expect(await sum(m.restored)).toBe(2); // ids[0] and ids[3] come back from the changelog…
    await eventually(
      () => sum(m.states),
      (n) => n === 1, // …and ids[3]'s goes, with a tombstone
    );
    const latest = await readLatest(t, t.env.TOPIC_WARNING_STATE!);
    const pseudo = app.get(Pseudonymizer);
    expect(latest.has(pseudo.pid(ids[3]!))).toBe(false);
    expect(latest.has(pseudo.pid(ids[0]!))).toBe(true);
  });
});

/** The latest value per key of a topic, read to its current end. */
async function readLatest(t: TestEnv, topic: string): Promise<Map<string, string>> {
  const admin = t.kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const out = new Map<string, string>();
  const seen = new Map<number, number>();
  const consumer = t.kafka.consumer({ groupId: `read-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      if (message.value) out.set(String(message.key), message.value.toString());
      else out.delete(String(message.key));
      seen.set(partition, Number(message.offset) + 1);
    },
  });
  const done = () => ends.every((p) => (seen.get(p.partition) ?? Number(p.low)) >= Number(p.high));
  await eventually(async () => done(), Boolean);
  await consumer.disconnect();
  return out;
}
