import { seededRng as prng } from '../common/seeded-rng';
import { createMemory } from './suppression';
import { parseTrendPrivacy } from './trends.config';
import { type ReleaseDeps, releaseTrends, type TrendState } from './trends.release';
import { type Contribution, METRICS } from './trends.types';

const SALT = 'test-salt-0123456789';
const W1 = { start: '2026-11-16', end: '2026-11-22' };
const W2 = { start: '2026-11-23', end: '2026-11-29' };
const fresh = (): TrendState => ({ memory: createMemory(SALT), ledger: {} });
const deps = (over: Partial<ReleaseDeps> & { epsilon?: number; budget?: number } = {}): ReleaseDeps => ({
  config: parseTrendPrivacy({ epsilon: over.epsilon ?? 0, dailyEpsilonBudget: over.budget ?? 3 }),
  salt: SALT,
  rng: prng(1),
  now: new Date('2026-11-30T06:00:00Z'),
  ...over,
});

/** n people (pid k1.p<from+i>) with hand-checkable values. */
function people(n: number, cohorts: string[], from = 0): Contribution[] {
  return Array.from({ length: n }, (_, i) => ({
    pid: `k1.p${from + i}`,
    cohorts,
    hrvDeviation: -0.2 + (i - 12) * 0.01,
    outsideNormal: i < 5,
    sleepHours: 6 + i * 0.05,
    rhrDeviation: i % 5,
  }));
}

describe('releaseTrends', () => {
  it('suppresses everything for a cohort of 6', () => {
    const r = releaseTrends({ period: W1, contributions: people(6, ['unit:icu-3']) }, fresh(), deps());
    expect(r.records).toEqual([
      {
        cohortId: 'unit:icu-3',
        period: W1,
        contributors: null,
        metrics: Object.fromEntries(METRICS.map((m) => [m, null])),
        privacy: { k: 10, epsilon: 0, suppressed: [...METRICS] },
      },
    ]);
    expect(r.suppressions.every((s) => s.reason === 'below-k')).toBe(true);
    expect(r.memory.cells).toHaveLength(0);
  });

  it('publishes rounded medians and shares for a cohort of 25', () => {
    const r = releaseTrends({ period: W1, contributions: people(25, ['unit:icu-3']) }, fresh(), deps());
    expect(r.records[0]).toMatchObject({ contributors: 25, privacy: { suppressed: [] } });
    // every published figure is computed from the contributions: none is a constant
    expect(r.records[0]?.metrics).toEqual({
      hrvDeviationMedian: -0.2,
      shareOutsideNormal: 0.2,
      sleepHoursMedian: 6.6,
      rhrDeviationMedian: 2,
    });
  });

  it('counts distinct people: ten rows from six pids stay suppressed; exactly k publishes', () => {
    const six = people(6, ['a']);
    const dup = releaseTrends({ period: W1, contributions: [...six, ...six.slice(0, 4)] }, fresh(), deps());
    expect(dup.records[0]?.contributors).toBeNull();
    expect(
      releaseTrends({ period: W1, contributions: people(9, ['a']) }, fresh(), deps()).records[0]
        ?.contributors,
    ).toBeNull();
    expect(
      releaseTrends({ period: W1, contributions: people(10, ['a']) }, fresh(), deps()).records[0]
        ?.contributors,
    ).toBe(10);
  });

  it('suppresses the smaller of two overlapping cohorts that differ by one person', () => {
    const twelve = people(12, ['unit:a', 'unit:a-plus']);
    const x: Contribution = {
      pid: 'k1.x',
      cohorts: ['unit:a-plus'],
      outsideNormal: true,
    };
    const r = releaseTrends({ period: W1, contributions: [...twelve, x] }, fresh(), deps());
    const [a, plus] = r.records;
    expect(plus?.metrics.shareOutsideNormal).not.toBeNull();
    expect(a?.metrics.shareOutsideNormal).toBeNull();
    expect(a?.privacy.suppressed).toEqual(['shareOutsideNormal']);
    // x gave no sleep or HRV values, so those sets are identical and publish the same figure twice.
    expect(a?.metrics.sleepHoursMedian).toBe(plus?.metrics.sleepHoursMedian);
  });

  it('suppresses next week when the same 11 come back with one more', () => {
    const w1 = releaseTrends({ period: W1, contributions: people(11, ['a']) }, fresh(), deps());
    const w2 = releaseTrends({ period: W2, contributions: people(12, ['a']) }, w1, deps());
    expect(w1.records[0]?.contributors).toBe(11);
    expect(w2.records[0]?.contributors).toBeNull();
    expect(new Set(w2.suppressions.map((s) => s.reason))).toEqual(new Set(['differencing']));
  });

  it('publishes cohorts whose memberships differ by k or more', () => {
    const r = releaseTrends(
      { period: W1, contributions: [...people(12, ['a', 'b']), ...people(10, ['b'], 100)] },
      fresh(),
      deps(),
    );
    expect(r.records.map((x) => x.contributors)).toEqual([12, 22]);
  });

  it('repeats a published figure for the same people and period without spending budget', () => {
    const input = { period: W1, contributions: people(25, ['a', 'b']) };
    const first = releaseTrends(input, fresh(), deps({ epsilon: 1, rng: prng(5) }));
    const again = releaseTrends(input, first, deps({ epsilon: 1, rng: prng(99) }));
    expect(first.records[1]?.metrics).toEqual(first.records[0]?.metrics);
    expect(again.records).toEqual(first.records);
    expect(again.ledger).toEqual({ 'a|2026-11-30': 1 });
  });

  it('publishes nothing new once a cohort spent its daily budget, and again the next day', () => {
    let state = fresh();
    const days = ['2026-11-01', '2026-11-02', '2026-11-03'].map((d) => ({ start: d, end: d }));
    const out = days.map((period) => {
      const r = releaseTrends(
        { period, contributions: people(25, ['a']) },
        state,
        deps({ epsilon: 1, budget: 2 }),
      );
      state = r;
      return r.records[0];
    });
    expect(out.map((r) => r?.contributors)).toEqual([25, 25, null]);
    expect(state.ledger).toEqual({ 'a|2026-11-30': 2 });
    const next = releaseTrends(
      { period: { start: '2026-11-04', end: '2026-11-04' }, contributions: people(25, ['a']) },
      state,
      deps({ epsilon: 1, budget: 2, now: new Date('2026-12-01T06:00:00Z') }),
    );
    expect(next.records[0]?.contributors).toBe(25);
  });

  it('noises reproducibly under a seed, within bounds, on the rounding grid', () => {
    const run = () =>
      releaseTrends(
        { period: W1, contributions: people(25, ['a']) },
        fresh(),
        deps({ epsilon: 1, rng: prng(3) }),
      );
    const { metrics } = run().records[0]!;
    expect(run().records[0]?.metrics).toEqual(metrics);
    expect(metrics.shareOutsideNormal! * 20).toBeCloseTo(Math.round(metrics.shareOutsideNormal! * 20), 9);
    expect(metrics.hrvDeviationMedian).toBeGreaterThanOrEqual(-0.5);
    expect(metrics.hrvDeviationMedian).toBeLessThanOrEqual(0.5);
  });

  it('leaves the state passed in untouched and keeps no pid in the memory', () => {
    const state = fresh();
    const snapshot = JSON.stringify(state);
    const r = releaseTrends({ period: W1, contributions: people(25, ['a']) }, state, deps({ epsilon: 1 }));
    expect(JSON.stringify(state)).toBe(snapshot);
    expect(JSON.stringify(r.memory)).not.toContain('k1.p');
  });

  it('refuses a bad period and a memory made with another salt', () => {
    const bad = { start: '2026-11-22', end: '2026-11-16' };
    expect(() => releaseTrends({ period: bad, contributions: [] }, fresh(), deps())).toThrow(
      expect.objectContaining({ code: 'trends-period-invalid', path: 'period.end' }),
    );
    expect(() =>
      releaseTrends({ period: W1, contributions: [] }, fresh(), { ...deps(), salt: 'another-salt-0123456' }),
    ).toThrow(expect.objectContaining({ code: 'trends-salt-mismatch' }));
  });

  it('returns a fully suppressed row for a requested cohort with nobody in it', () => {
    const r = releaseTrends(
      { period: W1, contributions: people(25, ['a']), cohorts: ['b'] },
      fresh(),
      deps(),
    );
    expect(r.records.map((x) => [x.cohortId, x.contributors])).toEqual([['b', null]]);
  });
});
