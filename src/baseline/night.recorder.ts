// Puts one night into a person's baseline state: moves the window, notices a device change and an
// HRV measure change, sets day sleep apart, and, once a new device has enough nights, shifts the
// old device's nights to the new device's level (re-baseline without alarming on the step).

import type { NightInput } from '../night/night';
import {
  advanceTo,
  type BaselineState,
  EFF,
  flagsAt,
  HRV,
  MID,
  OFF_PHASE,
  OLD_SEGMENT,
  PRESENT,
  RHR,
  SLEEP,
  setFlags,
  setValue,
  sourceCode,
  valueAt,
  WINDOW_NIGHTS,
} from './baseline.state';
import { type BaselineOptions, typicalMidpoint, usable } from './baseline.stats';
import { clockDistance, median } from './robust.stats';

export interface RecordOutcome {
  /** Nothing of the person's window survived (first night, or ≥ 60 days without data). */
  restarted: boolean;
  sourceChanged: boolean;
  offPhase: boolean;
}

/** Call only for a night later than s.lastDay. */
export function recordNight(
  s: BaselineState,
  night: NightInput,
  day: number,
  o: BaselineOptions,
): RecordOutcome {
  const restarted = s.lastDay < 0 || day - s.lastDay >= WINDOW_NIGHTS;
  const typical = typicalMidpoint(s, day);
  advanceTo(s, day);
  if (restarted) {
    s.hrvMeasure = 0;
    s.shiftPending = false;
  }
  const src = sourceCode(night.source);
  const sourceChanged = !restarted && s.source !== src;
  if (sourceChanged) {
    for (let d = day - WINDOW_NIGHTS + 1; d < day; d++) {
      const f = flagsAt(s, d);
      if (f & PRESENT) setFlags(s, d, f | OLD_SEGMENT);
    }
    s.shiftPending = true;
  }
  s.source = src;
  const hrv = hrvOf(s, night, day, sourceChanged);
  const mid = night.midpointMin;
  const offPhase = mid !== undefined && !Number.isNaN(typical) && clockDistance(mid, typical) > o.offPhaseMin;
  setValue(s, day, MID, mid);
  if (!offPhase) {
    setValue(s, day, HRV, hrv);
    setValue(s, day, RHR, night.rhrBpm);
    setValue(s, day, SLEEP, night.sleepH);
    setValue(s, day, EFF, night.efficiency);
  }
  setFlags(s, day, PRESENT | (offPhase ? OFF_PHASE : 0));
  return { restarted, sourceChanged, offPhase };
}

/**
 * The night's HRV in the person's one measure. The other measure never enters the same baseline: the
 * track switches (and starts again) only with a new device, or after a week without its own measure.
 */
function hrvOf(s: BaselineState, night: NightInput, day: number, sourceChanged: boolean): number | undefined {
  const byMeasure = [undefined, night.lnRmssd, night.lnSdnn];
  if (s.hrvMeasure === 0) s.hrvMeasure = night.lnRmssd !== undefined ? 1 : night.lnSdnn !== undefined ? 2 : 0;
  const own = byMeasure[s.hrvMeasure];
  if (own !== undefined || s.hrvMeasure === 0) return own;
  const other = s.hrvMeasure === 1 ? 2 : 1;
  if (byMeasure[other] === undefined) return undefined;
  let silent = true;
  for (let d = day - 7; d < day && silent; d++) silent = Number.isNaN(valueAt(s, d, HRV));
  if (!sourceChanged && !silent) return undefined;
  for (let d = day - WINDOW_NIGHTS + 1; d < day; d++) setValue(s, d, HRV, undefined);
  s.hrvMeasure = other;
  return byMeasure[other];
}

/** After a device change: once the new device has enough nights, old nights move to its level. */
export function applyShiftIfReady(s: BaselineState, day: number, o: BaselineOptions): boolean {
  if (!s.shiftPending) return false;
  const days: number[] = [];
  for (let d = day - WINDOW_NIGHTS + 1; d <= day; d++) if (flagsAt(s, d) & PRESENT) days.push(d);
  const fresh = days.filter((d) => usable(flagsAt(s, d)));
  if (fresh.length < o.rebaselineNights) return false;
  const old = days.filter((d) => (flagsAt(s, d) & (OLD_SEGMENT | OFF_PHASE)) === OLD_SEGMENT);
  for (const ch of [HRV, RHR, SLEEP, EFF]) {
    const now = fresh.map((d) => valueAt(s, d, ch)).filter((x) => !Number.isNaN(x));
    const before = old.map((d) => valueAt(s, d, ch)).filter((x) => !Number.isNaN(x));
    if (!now.length || !before.length) continue;
    const step = median(now) - median(before);
    for (const d of old) {
      const x = valueAt(s, d, ch);
      if (!Number.isNaN(x)) setValue(s, d, ch, x + step);
    }
  }
  for (const d of days) setFlags(s, d, flagsAt(s, d) & ~OLD_SEGMENT);
  s.shiftPending = false;
  return true;
}
