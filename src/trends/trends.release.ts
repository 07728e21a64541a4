import { canSpend, type EpsilonLedger, spend, utcDay } from './epsilon-budget';
import { contributorCount, groupByCohort, meetsK, metricInputs } from './k-anonymity';
import { type Rng, withLaplaceNoise } from './laplace';
import { assertSalt, checkCell, hashMembers, type PublishedCell, type TrendMemory } from './suppression';
import { clamp, exactFigure, METRIC_SPECS, roundTo, sensitivity } from './trend-metrics';
import type { TrendPrivacyConfig } from './trends.config';
import {
  type Contribution,
  METRICS,
  type MetricName,
  type Period,
  type Suppression,
  type SuppressionReason,
  type TrendMetrics,
  type TrendRecord,
  TrendsError,
} from './trends.types';

export interface ReleaseInput {
  period: Period;
  /** Only people whose consent has the `aggregate-trends` scope; one entry per person. */
  contributions: readonly Contribution[];
  /** Cohorts to release (empty ones come back fully suppressed); default: all named in contributions. */
  cohorts?: readonly string[];
}

/** Everything a release must remember; persist both between runs (plain JSON). */
export interface TrendState {
  memory: TrendMemory;
  ledger: EpsilonLedger;
}

export interface ReleaseDeps {
  config: TrendPrivacyConfig;
  /** Secret salt for the member hashes in the memory; the same one every run. */
  salt: string;
  /** Seeded in tests, `cryptoRng` in production. */
  rng: Rng;
  /** Release time: picks the UTC day whose epsilon budget is charged. */
  now: Date;
}

export interface ReleaseResult extends TrendState {
  records: TrendRecord[];
  suppressions: Suppression[];
}

interface FreshCell {
  metric: MetricName;
  members: string[];
  exact: number;
  n: number;
}

/**
 * Releases one period's trend records, one per cohort, under DESIGN §3 invariant 4:
 * 1. k-anonymity: a metric needs ≥ k distinct contributors with a value for it;
 * 2. complementary suppression: a metric whose contributor set differs by 1..k−1 people from any
 *    published cell of that metric (any cohort, any period, this batch included) is withheld;
 *    larger cohorts are placed first, so the broader figure survives and the near-copy goes;
 * 3. optional Laplace noise: `epsilon` per record, split evenly over its freshly computed metrics,
 *    charged to the cohort's daily budget; a cohort out of budget publishes nothing new that day.
 *    A cell identical to one already published (same period, metric, people) repeats that figure
 *    at no cost, so retries and identical cohorts never average fresh noise away;
 * 4. figures are clamped to their bounds and rounded.
 * Pure apart from `rng`: the state passed in is not mutated; the next state is returned.
 */
export function releaseTrends(input: ReleaseInput, state: TrendState, deps: ReleaseDeps): ReleaseResult {
  assertPeriod(input.period);
  assertSalt(state.memory, deps.salt);
  const { k, epsilon, dailyEpsilonBudget, rounding } = deps.config;
  const day = utcDay(deps.now);
  const cells: PublishedCell[] = [...state.memory.cells];
  let ledger = state.ledger;
  const records: TrendRecord[] = [];
  const suppressions: Suppression[] = [];

  const cohorts = [...groupByCohort(input.contributions, input.cohorts)]
    .map(([id, list]) => ({ id, inputs: metricInputs(list) }))
    .map((c) => ({ ...c, n: contributorCount(c.inputs) }))
    .sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  for (const cohort of cohorts) {
    const metrics = Object.fromEntries(METRICS.map((m) => [m, null])) as TrendMetrics;
    const withheld = new Map<MetricName, SuppressionReason>();
    let fresh: FreshCell[] = [];
    for (const metric of METRICS) {
      const { pids, values } = cohort.inputs[metric];
      if (!meetsK(pids.length, k)) {
        withheld.set(metric, 'below-k');
        continue;
      }
      const members = hashMembers(pids, deps.salt);
      const check = checkCell(cells, metric, input.period, members, k);
      if (check.kind === 'conflict') withheld.set(metric, 'differencing');
      else if (check.kind === 'reuse') metrics[metric] = check.value;
      else fresh.push({ metric, members, exact: exactFigure(METRIC_SPECS[metric], values), n: pids.length });
    }

    if (fresh.length > 0 && epsilon > 0) {
      if (canSpend(ledger, cohort.id, day, epsilon, dailyEpsilonBudget)) {
        ledger = spend(ledger, cohort.id, day, epsilon, dailyEpsilonBudget);
      } else {
        for (const f of fresh) withheld.set(f.metric, 'epsilon-budget');
        fresh = [];
      }
    }
    for (const f of fresh) {
      const spec = METRIC_SPECS[f.metric];
      const noisy = withLaplaceNoise(f.exact, sensitivity(spec, f.n), epsilon / fresh.length, deps.rng);
      const value = roundTo(
        clamp(noisy, spec.bounds),
        spec.kind === 'share' ? rounding.share : rounding.median,
      );
      metrics[f.metric] = value;
      cells.push({ cohortId: cohort.id, period: input.period, metric: f.metric, members: f.members, value });
    }

    const suppressed = METRICS.filter((m) => withheld.has(m));
    for (const m of suppressed) {
      suppressions.push({ cohortId: cohort.id, period: input.period, metric: m, reason: withheld.get(m)! });
    }
    records.push({
      cohortId: cohort.id,
      period: { ...input.period },
      contributors: suppressed.length < METRICS.length ? cohort.n : null,
      metrics,
      privacy: { k, epsilon, suppressed },
    });
  }

  records.sort((a, b) => (a.cohortId < b.cohortId ? -1 : a.cohortId > b.cohortId ? 1 : 0));
  return { records, suppressions, memory: { ...state.memory, cells }, ledger };
}

function assertPeriod(p: Period): void {
  const start = Date.parse(p.start);
  const end = Date.parse(p.end);
  if (Number.isNaN(start))
    throw new TrendsError('trends-period-invalid', 'start is not an ISO date', 'period.start');
  if (Number.isNaN(end) || end < start) {
    throw new TrendsError('trends-period-invalid', 'end is not an ISO date on or after start', 'period.end');
  }
}
