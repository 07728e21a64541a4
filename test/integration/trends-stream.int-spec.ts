import { InfluxDB } from '@influxdata/influxdb-client';
import type { ConsentRecord } from '../../src/consent/consent.schema';
import type { ConsentService } from '../../src/consent/consent.service';
import { ConsentView } from '../../src/consent/consent.view';
import { CohortQuery, type DailyRow } from '../../src/influx/influx.cohort-query';
import { dailyLine } from '../../src/influx/influx.lines';
import { PointWriter } from '../../src/influx/influx.point-writer';
import type { NightInput } from '../../src/night/night';
import { Pseudonymizer } from '../../src/privacy/pseudonymizer';
import {
  BASELINE_LOOKBACK_DAYS,
  BASELINE_NIGHTS,
  contributionOf,
  mergeNights,
} from '../../src/trends/trends.contributions';
import { TrendContributions } from '../../src/trends/trends.gather';
import { addDays, lastPeriod, periodDays } from '../../src/trends/trends.periods';
import type { TrendSettings } from '../../src/trends/trends.settings';
import type { Period } from '../../src/trends/trends.types';
import { type OwnBucket, ownBucket } from '../support/buckets';

// The trends' streaming reads of `daily` (CohortQuery.dailyByPid) against the per-pid queries
// it replaced, on people whose nights take every path: one source, two sources on the same nights,
// SDNN only, too few nights, nothing in the period, points under a retired pseudonym key, no points
// at all, and people outside the cohorts whose points must not count.

const DAY_MS = 86_400_000;
const NIGHTS = 110; // beyond the 90-day lookback, so the window's start is tested too
const now = new Date();
const wake = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
/** Deterministic values that differ by person and night. */
const w = (i: number, d: number) => ((i * 7919 + d * 104_729) % 1000) / 1000;

const oldKey = { keyId: 'k0', secret: 'old-secret-of-the-stream-test' };
const newKey = { keyId: 'k1', secret: 'new-secret-of-the-stream-test' };
const current = new Pseudonymizer([newKey, oldKey]);
const retired = new Pseudonymizer([oldKey]);
const id = (i: number) => `stream-${i}`;

/** Person i's daily points; `kind` picks the path their nights take. */
function nightsOf(i: number, kind: string): string[] {
  const lines: string[] = [];
  if (kind === 'none') return lines;
  for (let d = 1; d <= NIGHTS; d++) {
    const v = w(i, d);
    const night: NightInput = {
      wakeDate: wake(d),
      source: 'oura',
      lnRmssd: 3.3 + v / 2,
      rhrBpm: 50 + Math.round(v * 12),
      sleepH: 5.5 + v * 3,
      utcOffsetMinutes: 60,
    };
    if (kind === 'sdnn') {
      delete night.lnRmssd;
      night.lnSdnn = 3.9 + v / 3;
      night.source = 'apple';
    }
    if (kind === 'few' && d > 12) continue;
    if (kind === 'quiet' && d <= 14) continue;
    if (kind === 'gaps' && d % 3 === 0) continue;
    const pid = kind === 'rotated' && d > 20 ? retired.pid(id(i)) : current.pid(id(i));
    lines.push(dailyLine(pid, night));
    if (kind === 'two' && d % 2 === 0) {
      lines.push(dailyLine(pid, { wakeDate: wake(d), source: 'polar', lnRmssd: 3.5 + v / 4, rhrBpm: 52 }));
    }
  }
  return lines;
}

const KINDS = [
  ...Array.from({ length: 8 }, () => 'one'),
  'two',
  'two',
  'sdnn',
  'few',
  'quiet',
  'gaps',
  'rotated',
  'rotated',
  'none',
];
const OUTSIDERS = [100, 101, 102];

describe('the trends stream against the per-pid queries, real InfluxDB', () => {
  let bucket: OwnBucket;
  let query: CohortQuery;
  let writer: PointWriter;

  beforeAll(async () => {
    const env = process.env; // the stack's settings, from global-setup
    bucket = await ownBucket(env, 'trends-stream');
    const settings = bucket.settings;
    const influx = new InfluxDB({ url: settings.INFLUX_URL, token: settings.INFLUX_TOKEN, timeout: 30_000 });
    query = new CohortQuery(influx, settings);
    const lines = [
      ...KINDS.flatMap((k, i) => nightsOf(i, k)),
      ...OUTSIDERS.flatMap((i) => nightsOf(i, 'one')),
    ];
    // acknowledged in one request, or the test fails here (the WriteApi of bucket.write may still be
    // retrying a timed-out batch on a busy server when it resolves, and both paths would read a
    // different set of points); rewriting the same points is harmless, so a server timeout is retried
    writer = new PointWriter(influx, settings);
    for (let attempt = 1; ; attempt++) {
      try {
        await writer.write(lines);
        break;
      } catch (err) {
        if (attempt === 5) throw err;
      }
    }
  });
  afterAll(() => bucket?.drop());

  /** The gatherer over a consent view where persons 0..n-1 share aggregate-trends in unit:a (some in unit:b). */
  function gatherer(): TrendContributions {
    const view = new ConsentView();
    const record = (i: number): ConsentRecord => ({
      subjectId: id(i),
      status: 'granted',
      scopes: ['ingest', 'aggregate-trends'],
      cohorts: i % 4 === 0 ? ['unit:a', 'unit:b'] : ['unit:a'],
      policyVersion: '2026-11',
      at: now.toISOString(),
      erase: false,
    });
    for (const i of KINDS.keys()) view.apply(id(i), record(i));
    for (const i of OUTSIDERS) view.apply(id(i), { ...record(i), scopes: ['ingest'] });
    const consent = { ready: Promise.resolve(), view } as unknown as ConsentService;
    return new TrendContributions(consent, current, query, { salt: 'stream-test' } as TrendSettings, writer);
  }

  /** What the per-pid path gives for person i: their pids' nights, queried by pid, then merged. */
  async function perPid(i: number, period: Period) {
    const pids = current.allPids(id(i));
    const [inPeriod, before] = await Promise.all([
      query.nightsBetween(pids, period.start, addDays(period.end, 1)),
      query.latestNightsBefore(
        pids,
        addDays(period.start, -BASELINE_LOOKBACK_DAYS),
        period.start,
        BASELINE_NIGHTS,
      ),
    ]);
    const strip = (rows: DailyRow[]) => rows.map(({ pid: _, ...n }) => n);
    return {
      period: mergeNights(strip(inPeriod)),
      history: mergeNights(strip(before)),
    };
  }

  const lastWeek = lastPeriod('weekly', now);
  const dayAfter = (p: Period): Period => ({ start: addDays(p.end, 1), end: addDays(p.end, 1) });
  const weekBefore = { start: addDays(lastWeek.start, -7), end: addDays(lastWeek.end, -7) };
  // in this order on one bucket: the first run reads everything from `daily` in one pass and keeps
  // the weeks; the next two read only their period from `daily` and the baseline from the kept weeks
  it.each([
    ['the week before last, one full pass', weekBefore, 'full'],
    ['last week, from the kept weeks', lastWeek, 'kept'],
    // (a day with nights not kept between it and the last run's period would be read from `daily`)
    ['the Monday after it, from the kept weeks', dayAfter(lastWeek), 'kept'],
  ])('gives every person the same contribution as the per-pid queries: %s', async (_, period, path) => {
    const g = gatherer();
    g.perPidAtMost = () => 0;
    const reads = jest.spyOn(query, 'dailyByPid');
    const got = await g.forPeriod(period, ['unit:a', 'unit:b']);
    // the period, then (the first run) the whole window with it
    const fromDaily = reads.mock.calls.map(([range]) => range);
    reads.mockRestore();
    const to = addDays(period.end, 1);
    expect(fromDaily).toEqual(
      path === 'full'
        ? [
            { from: period.start, to },
            { from: addDays(period.start, -BASELINE_LOOKBACK_DAYS), to },
          ]
        : [{ from: period.start, to }],
    );
    expect(got).toHaveLength(KINDS.length);
    // people come back in the consent view's order (person i at i), each with their own cohorts
    for (const [i, kind] of KINDS.entries()) {
      const { pid: _, cohorts, ...figures } = got[i]!;
      expect(cohorts).toEqual(i % 4 === 0 ? ['unit:a', 'unit:b'] : ['unit:a']);
      const nights = await perPid(i, period);
      const {
        pid: _e,
        cohorts: _c,
        ...want
      } = contributionOf({
        id: 'x',
        cohorts: [],
        periodDays: periodDays(period),
        ...nights,
      });
      expect({ i, kind, figures }).toEqual({ i, kind, figures: want });
    }
  });

  it('has real figures to compare: a baseline, a deviation and two sources merged', async () => {
    const period = lastPeriod('weekly', now);
    const got = await gatherer().forPeriod(period, ['unit:a']);
    expect(got[0]).toMatchObject({
      hrvDeviation: expect.any(Number),
      rhrDeviation: expect.any(Number),
      sleepHours: expect.any(Number),
    });
    expect(got[KINDS.indexOf('two')]!.hrvDeviation).toEqual(expect.any(Number));
    expect(got[KINDS.indexOf('sdnn')]!.hrvDeviation).toEqual(expect.any(Number));
    expect(got[KINDS.indexOf('rotated')]!.hrvDeviation).toEqual(expect.any(Number));
    expect(got[KINDS.indexOf('few')]!.hrvDeviation).toBeUndefined();
    expect(got[KINDS.indexOf('none')]).toEqual({ pid: expect.any(String), cohorts: ['unit:a'] });
    // the rotated person's baseline spans both keys' nights
    const { history } = await perPid(KINDS.indexOf('rotated'), period);
    expect(history.length).toBeGreaterThan(BASELINE_NIGHTS);
  });
});
