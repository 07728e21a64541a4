// A night from the canonical readings of one person: the main sleep session names the night (local
// wake date) and carries sleep, resting HR and, from most vendors, the night's average HRV. Devices
// that send HRV only as separate readings (RR-interval straps, HealthKit SDNN) get it from the HRV
// readings taken during that sleep, averaged in the log domain.
import type { HrvReading, SleepReading } from '../ingest/decode/reading.types';
import { hrvFromRr } from '../ingest/hrv.metrics';
import { nightOf } from '../ingest/reading.points';
import type { NightInput } from './night';
import { mean, median } from './robust.stats';

export function assembleNight(sleep: SleepReading, hrv: readonly HrvReading[]): NightInput | null {
  if (!sleep.isMainSleep) return null;
  const n = nightOf(sleep);
  const during = hrv.filter((r) => r.measuredAtMs >= sleep.startAtMs && r.measuredAtMs <= sleep.endAtMs);
  const rmssd: number[] = [];
  const sdnn: number[] = [];
  const rhr: number[] = [];
  for (const r of during) {
    const fromRr = r.rrIntervalsMs ? hrvFromRr(r.rrIntervalsMs) : null;
    const rm = fromRr?.rmssdMs ?? r.rmssdMs;
    const sd = fromRr?.sdnnMs ?? r.sdnnMs;
    if (rm !== undefined && rm > 0) rmssd.push(Math.log(rm));
    if (sd !== undefined && sd > 0) sdnn.push(Math.log(sd));
    if (r.restingHrBpm !== undefined) rhr.push(r.restingHrBpm);
  }
  const night: NightInput = {
    wakeDate: n.wakeDate,
    source: sleep.source,
    lnRmssd:
      sleep.avgRmssdMs !== undefined ? Math.log(sleep.avgRmssdMs) : rmssd.length ? mean(rmssd) : undefined,
    lnSdnn: sleep.avgSdnnMs !== undefined ? Math.log(sleep.avgSdnnMs) : sdnn.length ? mean(sdnn) : undefined,
    rhrBpm: sleep.restingHrBpm ?? (rhr.length ? median(rhr) : undefined),
    sleepH: n.asleepMin / 60,
    efficiency: n.efficiency,
    midpointMin: n.midpointMin,
  };
  for (const k of Object.keys(night) as (keyof NightInput)[]) if (night[k] === undefined) delete night[k];
  return night;
}
