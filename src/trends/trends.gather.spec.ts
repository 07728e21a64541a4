import fc from 'fast-check';
import type { ConsentService } from '../consent/consent.service';
import { ConsentView } from '../consent/consent.view';
import type { CohortQuery, DailyRow, Paced, SourceNight } from '../influx/influx.cohort-query';
import type { PointWriter } from '../influx/influx.point-writer';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { contributionOf, mergeNights } from './trends.contributions';
import { TrendContributions } from './trends.gather';
import { blockOf, decodeKept, encodeWeek } from './trends.history';
import { addDays, dateMs } from './trends.periods';
import type { TrendSettings } from './trends.settings';
import type { Period } from './trends.types';

// How the gatherer combines its reads: the reads themselves run against InfluxDB in
// test/integration/trends-stream.int-spec.ts. Here an in-memory `daily` and kept-week store stand in
// for them, so that the kept path can be compared with the full pass on many generated people.

const SUBJECTS = Array.from({ length: 6 }, (_, i) => `s${i}`);

/** `daily` rows and kept-week points in memory, answering as CohortQuery and PointWriter do. */
class Store {
  readonly weeks = new Map<string, Map<number, string>>();
  readonly passes: string[] = [];
  constructor(readonly rows: DailyRow[]) {}

  readonly query = {
    dailyByPid: async (r: { from: string; to: string }, each: (pid: string, n: SourceNight[]) => Paced) => {
      // a period is at most a month; the first run's pass reads the baseline window before it too
      this.passes.push(dateMs(r.to) - dateMs(r.from) > 31 * 86_400_000 ? 'full' : 'period');
      for (const pid of [...new Set(this.rows.map((x) => x.pid))].sort()) {
        const mine = this.rows.filter((x) => x.pid === pid && x.night >= r.from && x.night < r.to);
        if (mine.length > 0)
          await each(
            pid,
            mine.map(({ pid: _, ...n }) => n),
          );
      }
    },
    nightsBetween: async (pids: string[], from: string, to: string) => {
      this.passes.push('per-pid');
      return this.rows.filter((x) => pids.includes(x.pid) && x.night >= from && x.night < to);
    },
    weeksByPid: async (
      r: { from: string; to: string },
      each: (pid: string, w: { week: string; packed: string }[]) => Paced,
    ) => {
      for (const [pid, byWeek] of [...this.weeks].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const weeks = [...byWeek]
          .filter(([ms]) => ms >= dateMs(r.from) && ms < dateMs(r.to))
          .sort(([a], [b]) => a - b)
          .map(([ms, packed]) => ({ week: new Date(ms).toISOString().slice(0, 10), packed }));
        if (weeks.length > 0) await each(pid, weeks);
      }
    },
  } as unknown as CohortQuery;

  /** The kept records as a run before blocks left them: every kept week a record of its own, at its Monday. */
  asBeforeBlocks(): void {
    for (const [pid, records] of this.weeks) {
      const weeks = new Map<number, string>();
      for (const [ms, packed] of records)
        for (const w of decodeKept(new Date(ms).toISOString().slice(0, 10), packed).weeks)
          if (w.covered) weeks.set(dateMs(w.week), encodeWeek(w));
      this.weeks.set(pid, weeks);
    }
  }

  readonly writer = {
    write: async (lines: string[]) => {
      for (const l of lines) {
        const [, pid, packed, ms] = /^trend_week,pid=(\S+) v="([^"]*)" (\d+)$/.exec(l)!;
        const byWeek = this.weeks.get(pid!) ?? new Map<number, string>();
        this.weeks.set(pid!, byWeek);
        byWeek.set(Number(ms), packed!);
      }
    },
  } as unknown as PointWriter;
}

function gatherer(store: Store, pseudonymizer: Pseudonymizer): TrendContributions {
  const view = new ConsentView();
  for (const s of SUBJECTS)
    view.apply(s, {
      subjectId: s,
      status: 'granted',
      scopes: ['aggregate-trends'],
      cohorts: ['unit:x'],
      policyVersion: '2026-11',
      at: '2026-11-30T00:00:00Z',
      erase: false,
    });
  const consent = { ready: Promise.resolve(), view } as unknown as ConsentService;
  return new TrendContributions(
    consent,
    pseudonymizer,
    store.query,
    { salt: 'x' } as TrendSettings,
    store.writer,
  );
}

// values that are rarely short decimals, as ln(RMSSD) from a device is not
const value = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const nightArb = fc.record(
  {
    lnRmssd: value(2.5, 4.5),
    lnSdnn: value(3, 5),
    sleepH: value(3, 10),
    rhrBpm: value(40, 80),
  },
  { requiredKeys: [] },
);
/** Per subject: nights back from 2026-11-30 (index 0 = that date), some on a second source or an old pid. */
const worldArb = fc.array(
  fc.record({
    nights: fc.array(fc.option(nightArb, { freq: 4 }), { minLength: 0, maxLength: 130, size: 'max' }),
    second: fc.array(fc.option(nightArb, { freq: 2 }), { maxLength: 40, size: 'max' }),
    rotatedBefore: fc.option(fc.integer({ min: 0, max: 130 }), { freq: 3 }),
  }),
  { minLength: SUBJECTS.length, maxLength: SUBJECTS.length },
);

const oldKey = { keyId: 'k0', secret: 'gather-spec-old' };
const newKey = { keyId: 'k1', secret: 'gather-spec-new' };

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

function rowsOf(world: World, p: Pseudonymizer): DailyRow[] {
  const retired = new Pseudonymizer([oldKey]);
  return world.flatMap((w, s) => {
    const pid = (back: number) =>
      w.rotatedBefore !== null && back > w.rotatedBefore ? retired.pid(SUBJECTS[s]!) : p.pid(SUBJECTS[s]!);
    const at = (back: number) => addDays('2026-11-30', -back);
    return [
      ...w.nights.flatMap((n, back) => (n ? [{ pid: pid(back), night: at(back), ...n }] : [])),
      ...w.second.flatMap((n, back) => (n ? [{ pid: pid(back), night: at(back), ...n }] : [])),
    ];
  });
}

const strip = <T extends { pid: string }>(cs: T[]) => cs.map(({ pid: _, ...c }) => c);
const week = (start: string): Period => ({ start, end: addDays(start, 6) });

describe('TrendContributions: the kept weeks give exactly the full pass', () => {
  const pseudonymizer = new Pseudonymizer([newKey, oldKey]);

  it.each([
    ['one full pass', 0],
    ['per pid', 100],
  ])(
    'for a weekly run after a weekly run, and a daily run after it, on generated people (first run: %s)',
    async (_, perPid) => {
      const full = (rows: DailyRow[]) => {
        const g = gatherer(new Store(rows), pseudonymizer);
        g.perPidAtMost = () => 0;
        return g;
      };
      let figures = 0;
      await fc.assert(
        fc.asyncProperty(worldArb, async (world) => {
          const rows = rowsOf(world, pseudonymizer);
          const kept = new Store(rows);
          const g = gatherer(kept, pseudonymizer);
          g.perPidAtMost = () => perPid;
          const first = week('2026-11-16');
          expect(strip(await g.forPeriod(first, ['unit:x']))).toEqual(
            strip(await full(rows).forPeriod(first, ['unit:x'])),
          );
          expect(kept.passes).toEqual(['period', perPid ? 'per-pid' : 'full']);
          // the steady state: every later period from the kept weeks, and what the full pass gives
          for (const period of [week('2026-11-23'), { start: '2026-11-30', end: '2026-11-30' }]) {
            kept.passes.length = 0;
            const got = strip(await g.forPeriod(period, ['unit:x']));
            expect(kept.passes).toEqual(['period']);
            expect(got).toEqual(strip(await full(rows).forPeriod(period, ['unit:x'])));
            figures += got.filter((c) => c.hrvDeviation !== undefined).length;
          }
        }),
        { numRuns: 30 },
      );
      expect(figures).toBeGreaterThan(30); // most generated people have a baseline and a period
    },
  );

  it('the full pass is the contribution of the merged nights (its own oracle)', async () => {
    const pid = pseudonymizer.pid('s0');
    const nights = (from: number, n: number, v: number) =>
      Array.from({ length: n }, (_, i) => ({
        pid,
        night: addDays('2026-11-01', from + i),
        lnRmssd: v + i / 100,
      }));
    const rows = [...nights(-80, 80, 3.8), ...nights(15, 7, 3.4)];
    const got = await gatherer(new Store(rows), pseudonymizer).forPeriod(week('2026-11-16'), ['unit:x']);
    const strip1 = (r: DailyRow[]) => r.map(({ pid: _, ...n }) => n);
    const want = contributionOf({
      id: got[0]!.pid,
      cohorts: ['unit:x'],
      period: mergeNights(strip1(rows.filter((r) => r.night >= '2026-11-16'))),
      history: mergeNights(strip1(rows.filter((r) => r.night < '2026-11-16' && r.night >= '2026-08-18'))),
      periodDays: 7,
    });
    expect(got[0]).toEqual(want);
    expect(want.hrvDeviation).toBeLessThan(-0.3);
  });

  it('reads a person from `daily` again when their kept weeks miss a night of the window', async () => {
    const rows = rowsOf(
      SUBJECTS.map(() => ({
        nights: Array.from({ length: 120 }, () => ({ lnRmssd: 3.5 })),
        second: [],
        rotatedBefore: null,
      })),
      pseudonymizer,
    );
    const store = new Store(rows);
    const g = gatherer(store, pseudonymizer);
    await g.forPeriod(week('2026-11-16'), ['unit:x']);
    // one person's kept block at the start of the next window is gone: that person alone, by pid
    expect(store.weeks.get(pseudonymizer.pid('s1'))!.delete(dateMs(blockOf('2026-08-25')))).toBe(true);
    store.passes.length = 0;
    await g.forPeriod(week('2026-11-23'), ['unit:x']);
    expect(store.passes).toEqual(['period', 'per-pid']);
    // and the run kept that person's weeks again
    store.passes.length = 0;
    await g.forPeriod({ start: '2026-11-30', end: '2026-11-30' }, ['unit:x']);
    expect(store.passes).toEqual(['period']);
  });

  it('reads the weeks a run before blocks kept, one record a week: no full pass after the upgrade', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const rows = rowsOf(world, pseudonymizer);
        const store = new Store(rows);
        const g = gatherer(store, pseudonymizer);
        await g.forPeriod(week('2026-11-16'), ['unit:x']);
        store.asBeforeBlocks();
        for (const period of [week('2026-11-23'), { start: '2026-11-30', end: '2026-11-30' }]) {
          store.passes.length = 0;
          const got = strip(await g.forPeriod(period, ['unit:x']));
          expect(store.passes).toEqual(['period']);
          const full = gatherer(new Store(rows), pseudonymizer);
          full.perPidAtMost = () => 0;
          expect(got).toEqual(strip(await full.forPeriod(period, ['unit:x'])));
        }
      }),
      { numRuns: 15 },
    );
  });

  describe("a weekly run after the next week's daily runs (a weekly schedule later than Monday)", () => {
    // M starts a block, so the block rewritten for week M also holds the week the daily runs kept
    const M = blockOf('2026-11-21');
    const world = SUBJECTS.map((_, s) => ({
      nights: Array.from({ length: 130 }, (_, back) => ({
        lnRmssd: 3.5 + ((s * 7 + back) % 10) / 50,
        rhrBpm: 52 + ((s + back) % 6),
        sleepH: 7 + (back % 4) / 4,
      })),
      second: [],
      rotatedBefore: null,
    }));
    const rows = rowsOf(world, pseudonymizer);
    const full = () => {
      const g = gatherer(new Store(rows), pseudonymizer);
      g.perPidAtMost = () => 0;
      return g;
    };

    it.each([
      ['from the kept weeks', 'nobody', ['period']],
      ['per pid', 's1', ['period', 'per-pid']],
      ['in one full pass', 'everyone', ['period', 'full']],
      ['in one full pass while the others are covered', 's1, full pass', ['period', 'full']],
      ['from weeks kept one a record (before blocks)', 'upgrade', ['period']],
    ])("keeps the daily runs' weeks when it runs %s", async (_, drop, passes) => {
      expect(blockOf(M)).toBe(M);
      const store = new Store(rows);
      const g = gatherer(store, pseudonymizer);
      await g.forPeriod(week(addDays(M, -7)), ['unit:x']);
      for (let d = 0; d < 9; d++) await g.forPeriod({ start: addDays(M, d), end: addDays(M, d) }, ['unit:x']);
      // the week's weekly run, late: its block also holds the nights M + 7 and M + 8 the daily runs kept
      const first = blockOf(addDays(M, -90));
      for (const s of drop === 'everyone' ? SUBJECTS : drop.startsWith('s1') ? ['s1'] : [])
        expect(store.weeks.get(pseudonymizer.pid(s))!.delete(dateMs(first))).toBe(true);
      if (drop === 'upgrade') store.asBeforeBlocks();
      g.perPidAtMost = () => (drop === 'everyone' || drop === 's1, full pass' ? 0 : 100);
      store.passes.length = 0;
      expect(strip(await g.forPeriod(week(M), ['unit:x']))).toEqual(
        strip(await full().forPeriod(week(M), ['unit:x'])),
      );
      expect(store.passes).toEqual(passes);
      // the next daily run still finds every night of its window kept
      store.passes.length = 0;
      const next = { start: addDays(M, 9), end: addDays(M, 9) };
      const got = strip(await g.forPeriod(next, ['unit:x']));
      expect(store.passes).toEqual(['period']);
      expect(got).toEqual(strip(await full().forPeriod(next, ['unit:x'])));
      expect(got.filter((c) => c.hrvDeviation !== undefined)).toHaveLength(SUBJECTS.length);
    });
  });
});
