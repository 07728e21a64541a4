/**
 * One person's contribution to one period. The caller passes only people whose consent carries the
 * `aggregate-trends` scope at release time; `pid` is the pseudonym, never the subjectId.
 */
export interface Contribution {
  pid: string;
  cohorts: readonly string[];
  /** ln RMSSD minus the person's own baseline (ln units). */
  hrvDeviation?: number;
  /** The person's signals are outside their own normal band. */
  outsideNormal?: boolean;
  sleepHours?: number;
  /** Resting heart rate minus the person's own baseline (bpm). */
  rhrDeviation?: number;
}

/** A daily or weekly period, ISO-8601 dates (or date-times) as the job names them. */
export interface Period {
  start: string;
  end: string;
}

export const METRICS = [
  'hrvDeviationMedian',
  'shareOutsideNormal',
  'sleepHoursMedian',
  'rhrDeviationMedian',
] as const;
export type MetricName = (typeof METRICS)[number];
export type TrendMetrics = Record<MetricName, number | null>;

/** trends.v1 (DESIGN §2): one cohort, one period; a suppressed metric is null and listed. */
export interface TrendRecord {
  cohortId: string;
  period: Period;
  /** Distinct contributors; null when nothing in the record is published. */
  contributors: number | null;
  metrics: TrendMetrics;
  privacy: { k: number; epsilon: number; suppressed: MetricName[] };
}

export type SuppressionReason = 'below-k' | 'differencing' | 'epsilon-budget';

/** Why a cell was withheld: for counters and logs, never part of the published record. */
export interface Suppression {
  cohortId: string;
  period: Period;
  metric: MetricName;
  reason: SuppressionReason;
}

export class TrendsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}
