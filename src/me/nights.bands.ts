// The person's own nights with their own band, for the app's charts. Pure. Each night's band is
// what the warnings judged it against, stored with the night when they recorded it (#21); for
// nights stored without it, the same baseline state and statistics (src/baseline) replayed over
// the stored nightly summaries.
import { createBaselineState, HRV, quantized, RHR, SLEEP, valueAt } from '../baseline/baseline.state';
import type { BaselineOptions } from '../baseline/baseline.stats';
import { type JudgedNight, judgedNight, type StoredNight, type StoredNormal } from '../baseline/judged.night';
import { applyShiftIfReady, recordNight } from '../baseline/night.recorder';
import { dayNumber, type NightInput } from '../night/night';

export type Band = [number, number];

export interface NightView {
  /** Wake-up date (the night's name). */
  date: string;
  /** HRV in ms (RMSSD, or SDNN for devices that give only that: see `hrvMeasure`). */
  hrvMs?: number;
  hrvBand?: Band;
  rhrBpm?: number;
  rhrBand?: Band;
  sleepH?: number;
  sleepBand?: Band;
  /** A nudge was made about this night. */
  nudge: boolean;
}

export interface NightsView {
  hrvMeasure: 'rmssd' | 'sdnn' | null;
  nights: NightView[];
}

/** Enough history before the first night shown for its band: the baseline window. */
export const WARM_UP_NIGHTS = 60;

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The last `days` nights up to and including `lastDate`, each with its value and the band
 * (centre ± bandK × scale of the nights before it) the warning engine compares it with, replayed
 * through a baseline state: for nights stored without what they were judged against (older data,
 * or a person without early-warning consent). Unlike the warnings, the replay cannot know which
 * earlier nights were at watch or warning (those stay out of the warnings' baselines).
 */
export function nightsWithBands(
  inputs: readonly NightInput[],
  o: BaselineOptions & { bandK: number },
  opts: ShownNights,
): NightsView {
  const s = createBaselineState();
  const firstShown = dayNumber(opts.lastDate) - opts.days + 1;
  const nights: NightView[] = [];
  const sorted = [...inputs].sort((a, b) => a.wakeDate.localeCompare(b.wakeDate));
  for (const n of sorted) {
    const day = dayNumber(n.wakeDate);
    if (Number.isNaN(day) || day <= s.lastDay || day > dayNumber(opts.lastDate)) continue;
    recordNight(s, n, day, o);
    applyShiftIfReady(s, day, o);
    if (day < firstShown) continue;
    const values = [valueAt(s, day, HRV), valueAt(s, day, RHR), valueAt(s, day, SLEEP)] as const;
    nights.push(nightView(n.wakeDate, values, judgedNight(s, day, o), o.bandK, opts));
  }
  return { hrvMeasure: measureName(s.hrvMeasure), nights };
}

/**
 * The same view from the nights as stored with what they were judged against (#21): no replay,
 * each night's band is the one stored with it, and its values those it was compared with where
 * `judged` carries them (else the point's fields, as the ring holds them). Null when a night to
 * show was not judged (stored before #21, a late night the warnings ignored, no early-warning
 * consent) or there is none: then the caller replays (nightsWithBands); with `valuesInJudged`
 * (the point's fields were not read) also when a night's `judged` lacks its values (written before
 * they were kept): then the caller reads the fields. Of two points of one night (two sources) the
 * judged one.
 */
export function nightsFromJudged(
  stored: readonly StoredNight[],
  bandK: number,
  opts: ShownNights,
  valuesInJudged = false,
): NightsView | null {
  const last = dayNumber(opts.lastDate);
  const first = last - opts.days + 1;
  const byDate = new Map<string, StoredNight>();
  for (const n of stored) {
    const day = dayNumber(n.wakeDate);
    if (!(day >= first && day <= last)) continue;
    if (!byDate.get(n.wakeDate)?.judged) byDate.set(n.wakeDate, n);
  }
  // YYYY-MM-DD: the code units' order is the dates' (localeCompare costs more per comparison)
  const shown = [...byDate.values()].sort((a, b) => (a.wakeDate < b.wakeDate ? -1 : 1));
  if (shown.length === 0 || shown.some((n) => !n.judged || (valuesInJudged && !n.judged.values))) return null;
  const nights = shown.map((n) => {
    const j = n.judged!;
    const values = j.offPhase ? NO_VALUES : (j.values ?? ringValues(n, j));
    return nightView(n.wakeDate, values, j, bandK, opts);
  });
  return { hrvMeasure: measureName(shown.at(-1)!.judged!.hrvMeasure), nights };
}

/** Nothing of a night slept by day is shown (nor compared). */
const NO_VALUES = [Number.NaN, Number.NaN, Number.NaN] as const;

/** A night's values as the ring holds them: the person's one HRV measure. */
function ringValues(n: StoredNight, j: JudgedNight): readonly [number, number, number] {
  const hrv = j.hrvMeasure === 1 ? n.lnRmssd : j.hrvMeasure === 2 ? n.lnSdnn : undefined;
  return [quantized(HRV, hrv), quantized(RHR, n.rhrBpm), quantized(SLEEP, n.sleepH)];
}

interface ShownNights {
  days: number;
  lastDate: string;
  nudgeDates: ReadonlySet<string>;
}

/** One night in the units people read, from its ring values (ln HRV, bpm, h; NaN: none). */
function nightView(
  date: string,
  [hrv, rhr, sleep]: readonly [number, number, number],
  j: JudgedNight,
  bandK: number,
  opts: ShownNights,
): NightView {
  const band = (b: StoredNormal | null, map: (x: number) => number, digits: number): Band | undefined =>
    b
      ? [round(map(b.center - bandK * b.scale), digits), round(map(b.center + bandK * b.scale), digits)]
      : undefined;
  const same = (x: number) => x;
  // assigned in the order the answer lists them, each only when there is one (an answer per
  // request holds ~60 of these: no spread objects in between)
  const v = { date } as NightView;
  if (Number.isFinite(hrv)) v.hrvMs = round(Math.exp(hrv), 1);
  const hrvBand = band(j.hrv, Math.exp, 1);
  if (hrvBand) v.hrvBand = hrvBand;
  if (Number.isFinite(rhr)) v.rhrBpm = round(rhr, 1);
  const rhrBand = band(j.rhr, same, 1);
  if (rhrBand) v.rhrBand = rhrBand;
  if (Number.isFinite(sleep)) v.sleepH = round(sleep, 2);
  const sleepBand = band(j.sleep, same, 2);
  if (sleepBand) v.sleepBand = sleepBand;
  v.nudge = opts.nudgeDates.has(date);
  return v;
}

const measureName = (m: number): NightsView['hrvMeasure'] => (m === 1 ? 'rmssd' : m === 2 ? 'sdnn' : null);
