// One night as the baselines see it: the `daily` nightly summary (src/ingest/reading.points.ts),
// named by its local wake-up date. Pure: no Nest, Kafka or Influx here.

const DAY_MS = 86_400_000;

export interface NightInput {
  /** Local wake-up date, YYYY-MM-DD: the night's name and its event time. */
  wakeDate: string;
  /** Vendor tag of the night's data (`source` of the daily point); a change re-baselines. */
  source: string;
  /** ln RMSSD (ms). Kept apart from ln SDNN: one person's HRV baseline holds one measure only. */
  lnRmssd?: number;
  /** ln SDNN (ms), e.g. HealthKit; used only for a person whose HRV track is SDNN. */
  lnSdnn?: number;
  rhrBpm?: number;
  sleepH?: number;
  /** 0..1 */
  efficiency?: number;
  /** Local clock minutes of the sleep midpoint, [0, 1440). */
  midpointMin?: number;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; NaN when it is not one. */
export function dayNumber(wakeDate: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(wakeDate)) return Number.NaN;
  const ms = Date.parse(`${wakeDate}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.round(ms / DAY_MS) : Number.NaN;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A NightInput from the fields of a `daily` point as stored in InfluxDB (tag `source`, timestamp
 * 00:00 UTC of the wake date). Non-numeric fields count as absent.
 */
export function nightFromDaily(
  wakeDateMs: number,
  source: string,
  fields: Record<string, unknown>,
): NightInput {
  const num = (k: string) => {
    const v = fields[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  return {
    wakeDate: dateOfDay(Math.floor(wakeDateMs / DAY_MS)),
    source,
    lnRmssd: num('ln_rmssd'),
    lnSdnn: num('ln_sdnn'),
    rhrBpm: num('rhr_bpm'),
    sleepH: num('sleep_h'),
    efficiency: num('efficiency'),
    midpointMin: num('midpoint_min'),
  };
}
