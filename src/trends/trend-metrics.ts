import type { Contribution, MetricName } from './trends.types';

/**
 * How each published metric is computed, and the bounds that make its sensitivity finite.
 *
 * Medians: inputs are clamped to `bounds` first. The median of values in [lo, hi] moves by at most
 * hi − lo when one person is added, removed or replaced, so the Laplace sensitivity is hi − lo.
 * Clamping barely changes a median (it commutes with it unless the median itself lies outside the
 * bounds, which then publishes as the bound), so the bounds are set tight around plausible cohort
 * medians to keep the noise small.
 *
 * Shares (fraction of contributors with the flag): one person changes c/n by at most 1/n (adding
 * one changes it by ≤ 1/(n+1)). n ≥ k here, and the scale reveals only n, which is published anyway.
 */
export interface MetricSpec {
  source: 'hrvDeviation' | 'outsideNormal' | 'sleepHours' | 'rhrDeviation';
  kind: 'median' | 'share';
  bounds: readonly [number, number];
}

export const METRIC_SPECS: Readonly<Record<MetricName, MetricSpec>> = {
  // ±0.5 ln units is a ×1.65 change of RMSSD, far beyond a plausible cohort median.
  hrvDeviationMedian: { source: 'hrvDeviation', kind: 'median', bounds: [-0.5, 0.5] },
  shareOutsideNormal: { source: 'outsideNormal', kind: 'share', bounds: [0, 1] },
  sleepHoursMedian: { source: 'sleepHours', kind: 'median', bounds: [4, 10] },
  // NightSignal alerts at +3/+4 bpm; a cohort median past ±5 bpm publishes as the bound.
  rhrDeviationMedian: { source: 'rhrDeviation', kind: 'median', bounds: [-5, 5] },
};

/** The numeric value a contribution gives a metric, or undefined when it gives none. */
export function metricValue(c: Contribution, spec: MetricSpec): number | undefined {
  const v = c[spec.source];
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function clamp(v: number, [lo, hi]: readonly [number, number]): number {
  return Math.min(hi, Math.max(lo, v));
}

/** The exact (un-noised, unrounded) figure over at least one value. */
export function exactFigure(spec: MetricSpec, values: readonly number[]): number {
  if (spec.kind === 'share') return values.reduce((a, b) => a + b, 0) / values.length;
  const s = values.map((v) => clamp(v, spec.bounds)).sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Laplace sensitivity of a metric over n contributors (see above). */
export function sensitivity(spec: MetricSpec, n: number): number {
  return spec.kind === 'share' ? 1 / n : spec.bounds[1] - spec.bounds[0];
}

/** Rounds to a step and strips binary noise (0.30000000000000004 → 0.3, −0 → 0). */
export function roundTo(v: number, step: number): number {
  return Number((Math.round(v / step) * step).toFixed(10)) + 0;
}
