// What a night was compared with, kept with the night itself (#21): the person's normal of each
// signal their nights view shows, as it stood when the night was recorded. Stored with the night's
// `daily` point, it lets the view show each night's band without replaying the nights before it,
// and the band shown is by construction the one the warnings judged the night against.
import type { NightInput } from '../night/night';
import {
  type BaselineState,
  flagsAt,
  HRV,
  type HrvMeasure,
  OFF_PHASE,
  RHR,
  SLEEP,
  valueAt,
} from './baseline.state';
import { type BaselineOptions, channelBaseline, type PersonalNormal } from './baseline.stats';

/** A normal as stored with a night: its centre and scale (PersonalNormal without its count). */
export type StoredNormal = Pick<PersonalNormal, 'center' | 'scale'>;

export interface JudgedNight {
  /** The person's HRV measure after this night (0 none yet, 1 ln RMSSD, 2 ln SDNN). */
  hrvMeasure: HrvMeasure;
  /** Slept far from the person's usual clock time: the night's values stay out of the ring. */
  offPhase: boolean;
  /** The normals of ln HRV, resting HR and sleep hours; null where there is none yet. */
  hrv: StoredNormal | null;
  rhr: StoredNormal | null;
  sleep: StoredNormal | null;
  /**
   * The night's own ln HRV (in hrvMeasure), resting HR and sleep hours as they were compared: the
   * baseline ring's values (NaN: none, or a night slept by day). Absent on points stored before it
   * was kept (then the view takes them from the point's fields).
   */
  values?: readonly [number, number, number];
}

/** A night as the nights view reads it back: its values and, if the warnings recorded it, this. */
export interface StoredNight
  extends Pick<NightInput, 'wakeDate' | 'lnRmssd' | 'lnSdnn' | 'rhrBpm' | 'sleepH'> {
  judged?: JudgedNight;
}

/**
 * The normals of the night of `day`, just recorded in `s` (recordNight, and the re-baseline shift
 * if due). The warnings' `assess` takes the same channelBaseline of the same state: the night's own
 * ALARM flag, set after it, lies in the recent window, outside every baseline of that day.
 */
export function judgedNight(s: BaselineState, day: number, o: BaselineOptions): JudgedNight {
  return {
    hrvMeasure: s.hrvMeasure,
    offPhase: (flagsAt(s, day) & OFF_PHASE) !== 0,
    hrv: channelBaseline(s, day, HRV, o),
    rhr: channelBaseline(s, day, RHR, o),
    sleep: channelBaseline(s, day, SLEEP, o),
    values: [valueAt(s, day, HRV), valueAt(s, day, RHR), valueAt(s, day, SLEEP)],
  };
}
