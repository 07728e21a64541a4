// A night from one person's main sleep session and the HRV samples taken during it. The sleep names
// the night (local wake date) and carries sleep, resting HR and, from most vendors, the night's
// average HRV. Devices that send HRV only as separate readings (RR-interval straps, HealthKit SDNN)
// get it from the samples taken during that sleep, averaged in the log domain. RMSSD and SDNN stay
// separate fields (DESIGN §2): a baseline never mixes them.

import { mean, median } from '../baseline/robust.stats';
import type { HrvReading, SleepReading, Source } from '../ingest/decode/reading.types';
import type { HrvFromRr } from '../ingest/hrv.metrics';
import { dateOfDay, type NightInput, nightDayOf, sleepOfNight, wakeDayOf } from './night';

/**
 * What a night needs of one stored HRV reading (RR intervals already reduced to RMSSD/SDNN at
 * ingest); its identity is InfluxDB's, source and time.
 */
export interface HrvSample {
  source: Source;
  atMs: number;
  /** Day number of the night the reading most likely belongs to (nightDayOf). */
  night: number;
  rmssdMs?: number;
  sdnnMs?: number;
  restingHrBpm?: number;
}

export function sampleOf(r: HrvReading, fromRr: HrvFromRr | null): HrvSample {
  return {
    source: r.source,
    atMs: r.measuredAtMs,
    night: nightDayOf(r.measuredAtMs, r.utcOffsetMinutes),
    rmssdMs: fromRr?.rmssdMs ?? r.rmssdMs,
    sdnnMs: fromRr?.sdnnMs ?? r.sdnnMs,
    restingHrBpm: r.restingHrBpm,
  };
}

/** The night of a main sleep session (null for a nap), with the HRV samples taken during it. */
export function assembleNight(sleep: SleepReading, samples: readonly HrvSample[]): NightInput | null {
  if (!sleep.isMainSleep) return null;
  const rmssd: number[] = [];
  const sdnn: number[] = [];
  const rhr: number[] = [];
  for (const s of samples) {
    if (s.atMs < sleep.startAtMs || s.atMs > sleep.endAtMs) continue;
    if (s.rmssdMs !== undefined && s.rmssdMs > 0) rmssd.push(Math.log(s.rmssdMs));
    if (s.sdnnMs !== undefined && s.sdnnMs > 0) sdnn.push(Math.log(s.sdnnMs));
    if (s.restingHrBpm !== undefined) rhr.push(s.restingHrBpm);
  }
  const night: NightInput = {
    wakeDate: dateOfDay(wakeDayOf(sleep)),
    source: sleep.source,
    lnRmssd:
      sleep.avgRmssdMs !== undefined ? Math.log(sleep.avgRmssdMs) : rmssd.length ? mean(rmssd) : undefined,
    lnSdnn: sleep.avgSdnnMs !== undefined ? Math.log(sleep.avgSdnnMs) : sdnn.length ? mean(sdnn) : undefined,
    rhrBpm: sleep.restingHrBpm ?? (rhr.length ? median(rhr) : undefined),
    ...sleepOfNight(sleep),
    utcOffsetMinutes: sleep.utcOffsetMinutes,
  };
  for (const k of Object.keys(night) as (keyof NightInput)[]) if (night[k] === undefined) delete night[k];
  return night;
}
