import { METRIC_SPECS, metricValue } from './trend-metrics';
import { type Contribution, METRICS, type MetricName } from './trends.types';

/** Who contributes to one metric of one cohort, and with what value (same order). */
export interface MetricInput {
  pids: string[];
  values: number[];
}

/**
 * Groups contributions by cohort, one per distinct pid (the first wins), so a person listed twice
 * is never counted twice towards k. With `only`, exactly those cohorts come back, empty ones too.
 */
export function groupByCohort(
  contributions: readonly Contribution[],
  only?: readonly string[],
): Map<string, Contribution[]> {
  const groups = new Map<string, Contribution[]>((only ?? []).map((id) => [id, []]));
  const seen = new Map<string, Set<string>>();
  for (const c of contributions) {
    for (const cohortId of new Set(c.cohorts)) {
      if (only && !groups.has(cohortId)) continue;
      const pids = seen.get(cohortId) ?? new Set<string>();
      seen.set(cohortId, pids);
      if (pids.has(c.pid)) continue;
      pids.add(c.pid);
      const list = groups.get(cohortId) ?? [];
      groups.set(cohortId, list);
      list.push(c);
    }
  }
  return groups;
}

/** Per metric, the distinct contributors that have a value for it. */
export function metricInputs(cohort: readonly Contribution[]): Record<MetricName, MetricInput> {
  const out = {} as Record<MetricName, MetricInput>;
  for (const m of METRICS) out[m] = { pids: [], values: [] };
  for (const c of cohort) {
    for (const m of METRICS) {
      const v = metricValue(c, METRIC_SPECS[m]);
      if (v === undefined) continue;
      out[m].pids.push(c.pid);
      out[m].values.push(v);
    }
  }
  return out;
}

/** People who give the cohort at least one value. */
export function contributorCount(inputs: Record<MetricName, MetricInput>): number {
  return new Set(METRICS.flatMap((m) => inputs[m].pids)).size;
}

export function meetsK(distinct: number, k: number): boolean {
  return distinct >= k;
}
