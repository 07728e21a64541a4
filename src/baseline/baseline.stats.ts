// Personal baselines from the ring of nights: for each channel a robust centre (median) and scale
// (MAD, floored) over up to 60 nights minus the most recent week, which is what gets compared
// with it. As in CuSum, nights evaluated at watch or warning stay out of the baseline, unless so
// many did that the rest is too thin: then the person's new normal is accepted.
import {
  ALARM,
  type BaselineState,
  flagsAt,
  MID,
  OFF_PHASE,
  OLD_SEGMENT,
  PRESENT,
  valueAt,
  WINDOW_NIGHTS,
} from './baseline.state';
import { clockDistance, clockMean, madScale, median } from './robust.stats';

export interface BaselineOptions {
  /** Nights of history the baseline may span, recent window included (≤ 60, the ring). */
  baselineDays: number;
  /** Nights at the end of the window compared with the baseline (HRV4Training: 7). */
  recentDays: number;
  /** Fewer baseline nights than this and a channel has no baseline yet. */
  minBaselineNights: number;
  /** Smallest scale per channel, so a very steady person is not alarmed by a tiny change. */
  floors: readonly number[];
  /** Sleep this far (minutes) from the usual midpoint is off-phase: day sleep after a night shift. */
  offPhaseMin: number;
  /** Nights with a new device before old nights are shifted to its level. */
  rebaselineNights: number;
}

/**
 * A person's normal for one signal — the one definition warnings and trends share: the median of
 * their nights and a robust scale (1.4826 × MAD, the SD for normal data but unmoved by a few odd
 * nights), never below a floor, so a very steady person is not flagged for a tiny change. Their
 * normal band is center ± NORMAL_BAND_K × scale (HRV4Training / Plews: 0.5–1 SD).
 */
export interface PersonalNormal {
  center: number;
  scale: number;
  n: number;
}

/** Scale floors per channel (HRV ln units, resting HR bpm, sleep h, efficiency, regularity min). */
export const SCALE_FLOORS: readonly number[] = Object.freeze([0.05, 1.0, 0.3, 0.015, 15]);
/** Half-width of the normal band in scale units. */
export const NORMAL_BAND_K = 1;

export function personalNormal(xs: readonly number[], floor = 0): PersonalNormal {
  const center = median(xs);
  return { center, scale: Math.max(madScale(xs, center), floor), n: xs.length };
}

/** Kept for the detector's vocabulary: a channel's normal as the baseline ring holds it. */
export type ChannelBaseline = PersonalNormal;

/** A night that may enter baselines and windows. */
export function usable(flags: number): boolean {
  return (flags & (PRESENT | OFF_PHASE | OLD_SEGMENT)) === PRESENT;
}

/** The person's usual sleep midpoint (circular mean of the window before `day`); NaN if < 5 nights. */
export function typicalMidpoint(s: BaselineState, day: number): number {
  const mids: number[] = [];
  for (let d = day - WINDOW_NIGHTS + 1; d < day; d++) {
    const m = valueAt(s, d, MID);
    if (!Number.isNaN(m)) mids.push(m);
  }
  return mids.length >= 5 ? clockMean(mids) : Number.NaN;
}

/**
 * A channel's value on a day as the detector reads it; for MID that is the distance of the midpoint
 * from the usual one (sleep regularity), not the clock time itself.
 */
export function channelValue(s: BaselineState, day: number, ch: number, typicalMid: number): number {
  const x = valueAt(s, day, ch);
  if (ch !== MID) return x;
  return Number.isNaN(x) || Number.isNaN(typicalMid) ? Number.NaN : clockDistance(x, typicalMid);
}

export function channelBaseline(
  s: BaselineState,
  day: number,
  ch: number,
  o: BaselineOptions,
  typicalMid = Number.NaN,
): ChannelBaseline | null {
  const clean: number[] = [];
  const all: number[] = [];
  for (let d = day - Math.min(o.baselineDays, WINDOW_NIGHTS) + 1; d <= day - o.recentDays; d++) {
    const f = flagsAt(s, d);
    if (!usable(f)) continue;
    const x = channelValue(s, d, ch, typicalMid);
    if (Number.isNaN(x)) continue;
    all.push(x);
    if (!(f & ALARM)) clean.push(x);
  }
  const xs = clean.length >= o.minBaselineNights ? clean : all;
  if (xs.length < o.minBaselineNights) return null;
  return personalNormal(xs, o.floors[ch] ?? 0);
}

/** Usable values of a channel over the recent window ending at `day`. */
export function recentValues(
  s: BaselineState,
  day: number,
  ch: number,
  o: BaselineOptions,
  typicalMid = Number.NaN,
): number[] {
  const xs: number[] = [];
  for (let d = day - o.recentDays + 1; d <= day; d++) {
    if (!usable(flagsAt(s, d))) continue;
    const x = channelValue(s, d, ch, typicalMid);
    if (!Number.isNaN(x)) xs.push(x);
  }
  return xs;
}

/** Usable nights in the window up to `day`: the cold-start count. */
export function usableNights(s: BaselineState, day: number): number {
  let n = 0;
  for (let d = day - WINDOW_NIGHTS + 1; d <= day; d++) if (usable(flagsAt(s, d))) n++;
  return n;
}
