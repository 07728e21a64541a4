import { z } from 'zod';
import { kindOf, type PeriodKind } from './trends.periods';
import { METRICS, type MetricName, type TrendRecord } from './trends.types';

const isMetric = (m: string): m is MetricName => (METRICS as readonly string[]).includes(m);

const figure = z.number().finite().nullable();
const metricsShape = Object.fromEntries(METRICS.map((m) => [m, figure])) as Record<MetricName, typeof figure>;

/**
 * trends.v1 as read back. Unknown fields are dropped (so nothing but the contract is ever served),
 * and a record below its own k, or with nothing published, is not a record the API may serve.
 */
export const trendRecordSchema = z
  .object({
    cohortId: z.string().regex(/^[a-z0-9:_-]{1,64}$/),
    period: z.object({ start: z.iso.date(), end: z.iso.date() }),
    contributors: z.number().int().nonnegative(),
    metrics: z.object(metricsShape),
    privacy: z.object({
      k: z.number().int().min(5),
      epsilon: z.number().nonnegative(),
      // a metric no longer published (shareWithActiveWarning, always 0) may stand in older records
      suppressed: z.array(z.string()).transform((s) => s.filter(isMetric)),
    }),
  })
  .refine((r) => r.contributors >= r.privacy.k, 'fewer contributors than k');

export interface TrendFilter {
  /** YYYY-MM-DD: periods starting on or after. */
  from?: string;
  /** YYYY-MM-DD: periods ending on or before. */
  to?: string;
  kind?: PeriodKind;
}

/**
 * The records published on trends.v1, per cohort and period (the latest record of a period wins).
 * The API serves only these: nothing is recomputed for a reader.
 */
export class PublishedTrends {
  private readonly byCohort = new Map<string, Map<string, TrendRecord>>();

  /** Folds one trends.v1 value; false when it is not a servable record. */
  apply(value: Buffer | string | null): boolean {
    if (value === null) return false;
    try {
      const r = trendRecordSchema.safeParse(JSON.parse(value.toString()));
      if (r.success) this.put(r.data);
      return r.success;
    } catch {
      return false;
    }
  }

  put(r: TrendRecord): void {
    const periods = this.byCohort.get(r.cohortId) ?? new Map<string, TrendRecord>();
    this.byCohort.set(r.cohortId, periods);
    periods.set(`${r.period.start}/${r.period.end}`, r);
  }

  /** Already published exactly so: publishing it again would only repeat it. */
  has(r: TrendRecord): boolean {
    const known = this.byCohort.get(r.cohortId)?.get(`${r.period.start}/${r.period.end}`);
    return known !== undefined && canonical(known) === canonical(r);
  }

  list(cohortId: string, f: TrendFilter = {}): TrendRecord[] {
    return [...(this.byCohort.get(cohortId)?.values() ?? [])]
      .filter(
        (r) =>
          (f.from === undefined || r.period.start >= f.from) &&
          (f.to === undefined || r.period.end <= f.to) &&
          (f.kind === undefined || kindOf(r.period) === f.kind),
      )
      .sort((a, b) => (a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : 0));
  }
}

function canonical(r: TrendRecord): string {
  const { cohortId, period, contributors, metrics, privacy } = r;
  return JSON.stringify([
    cohortId,
    period.start,
    period.end,
    contributors,
    METRICS.map((m) => metrics[m]),
    privacy.k,
    privacy.epsilon,
    privacy.suppressed,
  ]);
}
