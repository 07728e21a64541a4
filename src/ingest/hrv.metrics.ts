// RMSSD and SDNN from the raw RR intervals of an hrv.v1 reading (DESIGN.md §2).
//
// Every convention here is hrv-analysis 1.0.5's (`get_nn_intervals(rr, low_rri=250, high_rri=2500,
// ectopic_beats_removal_method="malik")` then `get_time_domain_features`), because
// src/ingest/hrv.reference.spec.ts checks this file against that library to 0.1 ms, artefacts included.

export interface HrvFromRr {
  /** sqrt(mean of squared successive differences) of the cleaned series, ms. */
  rmssdMs: number;
  /** Sample standard deviation (ddof = 1, divides by n - 1) of the cleaned series, ms. */
  sdnnMs: number;
  /** Beats kept as measured; beats + artefacts = number of RR intervals received. */
  beats: number;
  /** Beats replaced by interpolation: out of range, or rejected by the Malik rule. */
  artefacts: number;
}

const RR_MIN_MS = 250;
const RR_MAX_MS = 2500;
const MALIK_FRACTION = 0.2;
export const MIN_BEATS = 10;
const MAX_ARTEFACT_SHARE = 0.2;

function inRange(rr: number): boolean {
  // Written so that NaN fails it too.
  return rr >= RR_MIN_MS && rr <= RR_MAX_MS;
}

/**
 * Replaces the rejected beats of a reading (out of 250..2500 ms, or an ectopic beat by the Malik
 * rule) with values interpolated linearly between their accepted neighbours; `clean` has the input's
 * length, or is empty when no beat is in range.
 *
 * Why interpolate instead of dropping: dropping a beat makes the next successive difference span two
 * beats and the series lose its time base; a replaced beat keeps every difference between adjacent
 * beats, at the cost of slightly smoothing the gap. It is also what hrv-analysis does, which is
 * what makes an exact reference comparison possible.
 *
 * Order and rule, as in hrv-analysis:
 * 1. out-of-range beats are interpolated first (a leading gap takes the first accepted value, a
 *    trailing gap the last one), so that the Malik step compares plausible values only;
 * 2. Malik: a beat differing from the previous beat by more than 20% of that previous beat is
 *    rejected. The beat right after a rejected one is accepted without a test, as its only
 *    neighbour is suspect: comparing it instead with an older beat lets one bad beat, or a genuine
 *    step in rate, reject the rest of the reading. The price: for a premature beat and its
 *    compensatory pause, the premature beat is rejected, the pause kept, and the normal beat after
 *    the pause rejected (it differs from the pause), so the pause is smoothed rather than removed;
 * 3. the Malik rejections are interpolated as in step 1.
 * A beat rejected by both steps counts once.
 */
export function filterArtefacts(rrMs: readonly number[]): { clean: number[]; artefacts: number } {
  const clean = new Float64Array(rrMs.length);
  const artefacts = filterInto(rrMs, clean);
  return artefacts === -1 ? { clean: [], artefacts: rrMs.length } : { clean: Array.from(clean), artefacts };
}

/** Writable numbers by index: a plain array (the tests) or a typed scratch buffer (ingest). */
interface Series {
  [i: number]: number;
  readonly length: number;
}

/** `filterArtefacts` into `clean` (the input's length): the artefact count, or -1 when no beat is in range. */
function filterInto(rrMs: readonly number[], clean: Series): number {
  const n = rrMs.length;
  let artefacts = 0;
  for (let i = 0; i < n; i++) {
    const rr = rrMs[i] as number;
    if (inRange(rr)) {
      clean[i] = rr;
    } else {
      clean[i] = Number.NaN;
      artefacts++;
    }
  }
  if (!fillGaps(clean, n)) return -1;

  let previousRejected = false;
  for (let i = 1; i < n; i++) {
    if (previousRejected) {
      previousRejected = false;
      continue;
    }
    const previous = clean[i - 1] as number;
    // Same expression as hrv-analysis, so that ties at exactly 20% go the same way.
    if (Math.abs(previous - (clean[i] as number)) <= MALIK_FRACTION * previous) continue;
    clean[i] = Number.NaN;
    previousRejected = true;
    if (inRange(rrMs[i] as number)) artefacts++;
  }
  fillGaps(clean, n);
  return artefacts;
}

/**
 * Fills NaN gaps in place; false when there is nothing to fill from. The interpolation is computed
 * as numpy's `interp` (used by pandas' linear `interpolate`) does, so that values match to the bit.
 */
function fillGaps(xs: Series, length: number): boolean {
  let last = -1;
  for (let i = 0; i < length; i++) {
    const x = xs[i] as number;
    if (Number.isNaN(x)) continue;
    if (last === -1) {
      for (let k = 0; k < i; k++) xs[k] = x;
    } else if (i - last > 1) {
      const from = xs[last] as number;
      const slope = (x - from) / (i - last);
      for (let k = last + 1; k < i; k++) xs[k] = slope * (k - last) + from;
    }
    last = i;
  }
  if (last === -1) return false;
  const tail = xs[last] as number;
  for (let k = last + 1; k < length; k++) xs[k] = tail;
  return true;
}

/** The cleaned series of the reading being computed: one buffer reused, not one array per reading. */
let scratch = new Float64Array(1_024);

/**
 * RMSSD and SDNN of a reading's RR intervals after artefact filtering, or null when the reading is
 * too short (fewer than 10 beats kept) or too noisy (more than 20% artefacts) to be trusted.
 * Conventions (as hrv-analysis' get_time_domain_features): both measures are taken over the whole
 * interpolated series; RMSSD divides by the number of differences (n - 1); SDNN is the sample
 * standard deviation (ddof = 1).
 */
export function hrvFromRr(rrMs: readonly number[]): HrvFromRr | null {
  const n = rrMs.length;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length));
  const clean = scratch;
  const filtered = filterInto(rrMs, clean);
  const artefacts = filtered === -1 ? n : filtered;
  const beats = n - artefacts;
  if (beats < MIN_BEATS || artefacts > MAX_ARTEFACT_SHARE * n) return null;

  // One pass: Welford's update for the variance (exactly 0 for a constant series, no cancellation
  // on long ones) alongside the sum of squared successive differences.
  let mean = 0;
  let sumSquaredDeviations = 0;
  let sumSquaredDifferences = 0;
  let previous = clean[0] as number;
  for (let i = 0; i < n; i++) {
    const x = clean[i] as number;
    const delta = x - mean;
    mean += delta / (i + 1);
    sumSquaredDeviations += delta * (x - mean);
    const difference = x - previous;
    sumSquaredDifferences += difference * difference;
    previous = x;
  }
  return {
    rmssdMs: Math.sqrt(sumSquaredDifferences / (n - 1)),
    sdnnMs: Math.sqrt(sumSquaredDeviations / (n - 1)),
    beats,
    artefacts,
  };
}
