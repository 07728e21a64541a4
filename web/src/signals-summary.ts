import type { Schemas } from './api/client';

type Night = Schemas['NightDto'];

/** Which side is the worse one: lower HRV, higher resting HR, shorter sleep. */
const SIGNALS = [
  { name: 'heart-rate variability', off: (n: Night) => below(n.hrvMs, n.hrvBand) },
  { name: 'resting heart rate', off: (n: Night) => above(n.rhrBpm, n.rhrBand) },
  { name: 'sleep', off: (n: Night) => below(n.sleepH, n.sleepBand) },
];

function below(x: number | undefined, band: number[] | undefined): boolean {
  return x !== undefined && band?.[0] !== undefined && x < band[0];
}
function above(x: number | undefined, band: number[] | undefined): boolean {
  return x !== undefined && band?.[1] !== undefined && x > band[1];
}

export type Outlook = { state: 'no-data' } | { state: 'within' } | { state: 'off'; signals: string[] };

/**
 * Today's one sentence: a signal is "off for a few nights" when it was outside the person's own
 * band, on its worse side, in at least 2 of their last 3 nights with a band.
 */
export function outlook(nights: readonly Night[]): Outlook {
  const recent = nights.filter((n) => n.hrvBand || n.rhrBand || n.sleepBand).slice(-3);
  if (recent.length === 0) return { state: 'no-data' };
  const off = SIGNALS.filter((s) => recent.filter(s.off).length >= 2).map((s) => s.name);
  return off.length > 0 ? { state: 'off', signals: off } : { state: 'within' };
}
