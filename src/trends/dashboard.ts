import { TEAM_ACTIONS, TEAM_RULE, type TeamAction, teamSignal } from './team-actions';
import { METRIC_SPECS, sensitivity } from './trend-metrics';
import { addDays, lastPeriod, type PeriodKind } from './trends.periods';
import { METRICS, type MetricName, type TrendMetrics, type TrendRecord } from './trends.types';

/** Periods the dashboard lays out: 12 weeks and 28 nights, ending with the last complete one. */
export const DASHBOARD_WEEKS = 12;
export const DASHBOARD_DAYS = 28;

/**
 * One expected period of a cohort. Either published (with its figures; a metric withheld for
 * privacy is null and listed) or a gap: nothing was published, so the page shows a labelled gap,
 * never a zero. Why a gap has no figures is not told apart on purpose: the release keeps its
 * reasons (fewer than k, differencing, noise budget) out of what it publishes, as statistics
 * offices mark primary and complementary suppression alike.
 */
export interface DashboardSlot {
  start: string;
  end: string;
  published: boolean;
  contributors: number | null;
  metrics: TrendMetrics;
  withheld: MetricName[];
  epsilon: number;
}

export interface CohortDashboard {
  cohortId: string;
  weekly: DashboardSlot[];
  daily: DashboardSlot[];
  /** Laplace noise on the latest noised record: epsilon and the typical size per metric. */
  noise: { epsilon: number; scale: Record<MetricName, number> } | null;
  team: { highWeeks: number; ofWeeks: number; triggered: boolean; actions: TeamAction[] };
}

export interface Dashboard {
  k: number;
  rule: typeof TEAM_RULE;
  cohorts: CohortDashboard[];
}

const NO_FIGURES = Object.fromEntries(METRICS.map((m) => [m, null])) as TrendMetrics;

/** The expected periods of a kind, oldest first, ending with the last complete one before `now`. */
export function expectedPeriods(
  kind: PeriodKind,
  count: number,
  now: Date,
): { start: string; end: string }[] {
  const last = lastPeriod(kind, now);
  const step = kind === 'daily' ? 1 : 7;
  return Array.from({ length: count }, (_, i) => {
    const back = (count - 1 - i) * step;
    return { start: addDays(last.start, -back), end: addDays(last.end, -back) };
  });
}

function slot(p: { start: string; end: string }, r: TrendRecord | undefined, k: number): DashboardSlot {
  // a record below its own k never gets here (the store refuses it); checked again all the same
  if (!r || r.contributors === null || r.contributors < Math.max(k, r.privacy.k)) {
    return {
      ...p,
      published: false,
      contributors: null,
      metrics: NO_FIGURES,
      withheld: [...METRICS],
      epsilon: 0,
    };
  }
  const metrics = { ...r.metrics };
  for (const m of r.privacy.suppressed) metrics[m] = null;
  return {
    ...p,
    published: true,
    contributors: r.contributors,
    metrics,
    withheld: METRICS.filter((m) => metrics[m] === null),
    epsilon: r.privacy.epsilon,
  };
}

/**
 * Laplace scale b = sensitivity / (epsilon per metric) of the latest noised slot: the record's
 * epsilon is split over its published metrics, and shares are over its contributors (an upper
 * bound on any metric's n, so b for a share is the smallest it can be: "about").
 */
function noiseOf(slots: readonly DashboardSlot[]): CohortDashboard['noise'] {
  const last = [...slots].reverse().find((s) => s.published && s.epsilon > 0);
  if (!last) return null;
  const shown = METRICS.length - last.withheld.length;
  const perMetric = last.epsilon / Math.max(1, shown);
  const scale = Object.fromEntries(
    METRICS.map((m) => [m, sensitivity(METRIC_SPECS[m], last.contributors!) / perMetric]),
  ) as Record<MetricName, number>;
  return { epsilon: last.epsilon, scale };
}

/**
 * What the wellness dashboard shows for one cohort, built only from its published records: every
 * expected period (gaps included), the noise in force, and the team-level rule with its actions.
 */
export function cohortDashboard(
  cohortId: string,
  records: readonly TrendRecord[],
  k: number,
  now: Date,
): CohortDashboard {
  const byPeriod = new Map(records.map((r) => [`${r.period.start}/${r.period.end}`, r]));
  const lay = (kind: PeriodKind, n: number) =>
    expectedPeriods(kind, n, now).map((p) => slot(p, byPeriod.get(`${p.start}/${p.end}`), k));
  const weekly = lay('weekly', DASHBOARD_WEEKS);
  const daily = lay('daily', DASHBOARD_DAYS);
  const signal = teamSignal(weekly.map((s) => s.metrics[TEAM_RULE.metric]));
  return {
    cohortId,
    weekly,
    daily,
    noise: noiseOf([...weekly, ...daily]),
    team: {
      ...signal,
      ofWeeks: TEAM_RULE.ofWeeks,
      actions: signal.triggered ? [...TEAM_ACTIONS] : [],
    },
  };
}
