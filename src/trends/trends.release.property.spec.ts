import fc from 'fast-check';
import { seededRng as prng } from '../common/seeded-rng';
import { spent } from './epsilon-budget';
import { createMemory } from './suppression';
import { METRIC_SPECS } from './trend-metrics';
import { parseTrendPrivacy } from './trends.config';
import { releaseTrends, type TrendState } from './trends.release';
import { type Contribution, METRICS, type MetricName } from './trends.types';

const SALT = 'property-salt-0123456789';
const likely = (percent: number) => fc.integer({ min: 0, max: 99 }).map((x) => x < percent);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 8, nil: undefined });

// Stable attributes across periods are the worst case: subtracting two periods then isolates a person.
const personArb = fc.record({
  inA: likely(80),
  flipB: likely(10),
  inC: likely(50),
  present: fc.array(likely(85), { minLength: 4, maxLength: 4 }),
  hrvDeviation: maybe(fc.double({ min: -1, max: 1, noNaN: true })),
  outsideNormal: maybe(fc.boolean()),
  sleepHours: maybe(fc.double({ min: 3, max: 11, noNaN: true })),
  rhrDeviation: maybe(fc.double({ min: -8, max: 8, noNaN: true })),
});
type Person = typeof personArb extends fc.Arbitrary<infer P> ? P : never;

const scenarioArb = fc.record({
  k: fc.integer({ min: 5, max: 8 }),
  people: fc.array(personArb, { maxLength: 24 }),
  epsilon: fc.constantFrom(0, 0.5, 1),
  budget: fc.constantFrom(1, 2, 3),
  seed: fc.nat(),
});

function contributionsOf(people: Person[], period: number): Contribution[] {
  return people.flatMap((p, i) => {
    if (!p.present[period]) return [];
    const cohorts = [p.inA && 'a', p.inA !== p.flipB && 'b', p.inC && 'c'].filter((c) => c !== false);
    const { inA, flipB, inC, present, ...values } = p;
    return [{ pid: `k1.p${i}`, cohorts, ...values }];
  });
}

/** The attacker's ground truth, computed apart from the code under test. */
function trueSet(contributions: Contribution[], cohortId: string, metric: MetricName): Set<string> {
  const source = METRIC_SPECS[metric].source;
  return new Set(
    contributions.filter((c) => c.cohorts.includes(cohortId) && c[source] !== undefined).map((c) => c.pid),
  );
}

const symDiff = (a: Set<string>, b: Set<string>) =>
  [...a].filter((x) => !b.has(x)).length + [...b].filter((x) => !a.has(x)).length;

interface Cell {
  cohortId: string;
  period: number;
  metric: MetricName;
  people: Set<string>;
}

describe('trend release privacy properties', () => {
  let differencingSuppressed = 0;
  let publishedCells = 0;
  let budgetSuppressed = 0;

  afterAll(() => {
    // The generated cohorts must actually produce near-duplicate cells and published ones.
    expect(differencingSuppressed).toBeGreaterThan(50);
    expect(publishedCells).toBeGreaterThan(50);
    expect(budgetSuppressed).toBeGreaterThan(10);
  });

  it('publishes no figure from fewer than k people, and no pair an attacker could subtract', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), (s, sameDay) => {
        const config = parseTrendPrivacy({ k: s.k, epsilon: s.epsilon, dailyEpsilonBudget: s.budget });
        let state: TrendState = { memory: createMemory(SALT), ledger: {} };
        const published: Cell[] = [];
        for (let p = 0; p < 4; p++) {
          const contributions = contributionsOf(s.people, p);
          const period = { start: `2026-11-0${p + 1}`, end: `2026-11-0${p + 1}` };
          const now = new Date(sameDay ? '2026-11-10T05:00:00Z' : `2026-11-1${p}T05:00:00Z`);
          const r = releaseTrends({ period, contributions }, state, {
            config,
            salt: SALT,
            rng: prng(s.seed + p),
            now,
          });
          state = r;
          differencingSuppressed += r.suppressions.filter((x) => x.reason === 'differencing').length;
          for (const rec of r.records) {
            // a contributor gives at least one value (someone with none is not counted)
            const gives = (c: Contribution) => METRICS.some((m) => c[METRIC_SPECS[m].source] !== undefined);
            const everyone = new Set(
              contributions.filter((c) => c.cohorts.includes(rec.cohortId) && gives(c)).map((c) => c.pid),
            );
            if (rec.contributors !== null) expect(rec.contributors).toBe(everyone.size);
            for (const metric of METRICS) {
              if (rec.metrics[metric] === null) continue;
              const people = trueSet(contributions, rec.cohortId, metric);
              expect(people.size).toBeGreaterThanOrEqual(s.k);
              published.push({ cohortId: rec.cohortId, period: p, metric, people });
            }
          }
        }
        publishedCells += published.length;
        for (const [i, x] of published.entries()) {
          for (const y of published.slice(i + 1)) {
            if (x.metric !== y.metric) continue;
            const d = symDiff(x.people, y.people);
            // d = 1 hands the attacker one person's value; 2..k−1 narrows it to a handful.
            expect(d === 0 || d >= s.k).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never lets a cohort spend more epsilon in a day than its budget', () => {
    const releaseArb = fc.record({
      period: fc.integer({ min: 1, max: 3 }),
      who: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(0.25, 0.5, 1),
        fc.constantFrom(1, 1.5, 3),
        fc.array(releaseArb, { maxLength: 12 }),
        (epsilon, budget, releases) => {
          const config = parseTrendPrivacy({ k: 5, epsilon, dailyEpsilonBudget: budget });
          const deps = { config, salt: SALT, rng: prng(1), now: new Date('2026-11-10T05:00:00Z') };
          let state: TrendState = { memory: createMemory(SALT), ledger: {} };
          const seen = new Set<string>();
          let freshReleases = 0;
          for (const rel of releases) {
            const contributions = rel.who.flatMap((w, i) =>
              w ? [{ pid: `k1.p${i}`, cohorts: ['a'], sleepHours: 7 + (i % 3) }] : [],
            );
            const period = { start: `2026-11-0${rel.period}`, end: `2026-11-0${rel.period}` };
            const r = releaseTrends({ period, contributions }, state, deps);
            state = r;
            budgetSuppressed += r.suppressions.filter((x) => x.reason === 'epsilon-budget').length;
            const key = `${rel.period}|${contributions.map((c) => c.pid).join()}`;
            if (r.records[0]?.metrics.sleepHoursMedian != null && !seen.has(key)) {
              seen.add(key);
              freshReleases++;
            }
            expect(spent(state.ledger, 'a', '2026-11-10')).toBeLessThanOrEqual(budget + 1e-9);
          }
          expect(freshReleases * epsilon).toBeLessThanOrEqual(budget + 1e-9);
        },
      ),
    );
  });
});
