// The night: what a person's data is grouped by, everywhere (ingest's `daily` point, the warnings,
// the baselines, the trends, the evaluation). A night is named by its local wake-up date, as Oura
// and Garmin name it; that date is its event time. Pure: no Nest, Kafka or Influx here.
import type { SleepReading } from '../ingest/decode/reading.types';

export const DAY_MS = 86_400_000;

/** One night as the baselines see it, and as the `daily` point stores it. */
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
  /** The sleep's UTC offset, kept so that the stored night can be placed in local time again. */
  utcOffsetMinutes?: number;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; NaN when it is not one. */
export function dayNumber(wakeDate: string): number {
  // read by hand: a nights answer asks ~180 times, and Date.parse of a built string was 1.5% of the
  // service's CPU under load; the same days as Date.parse (a day past the month's end rolls over)
  if (wakeDate.length !== 10 || wakeDate[4] !== '-' || wakeDate[7] !== '-') return Number.NaN;
  const y = digitsAt(wakeDate, 0, 4);
  const m = digitsAt(wakeDate, 5, 2);
  const d = digitsAt(wakeDate, 8, 2);
  if (Number.isNaN(y) || !(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return Number.NaN;
  // Date.UTC reads years 0–99 as 1900–1999
  const ms = y >= 100 ? Date.UTC(y, m - 1, d) : Date.parse(`${wakeDate}T00:00:00Z`);
  return Math.round(ms / DAY_MS);
}

/** The number written by `n` ASCII digits from `at`; NaN if any is not one. */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of the local wake-up date of a sleep session. */
export function wakeDayOf(sleep: SleepReading): number {
  return Math.floor((sleep.endAtMs + sleep.utcOffsetMinutes * 60_000) / DAY_MS);
}

/**
 * The night a reading taken at `atMs` most likely belongs to, before its sleep session is known:
 * its local date shifted by 12 h, so 22:00 and 03:00 name the same night and an afternoon reading
 * the next one. Only for keeping and forgetting HRV samples; which samples make a night is decided
 * by the sleep window (assembleNight).
 */
export function nightDayOf(atMs: number, utcOffsetMinutes: number): number {
  return Math.floor((atMs + utcOffsetMinutes * 60_000 + DAY_MS / 2) / DAY_MS);
}

/** What a sleep session alone says of its night: asleep time, efficiency, midpoint. */
export function sleepOfNight(r: SleepReading): Pick<NightInput, 'sleepH' | 'efficiency' | 'midpointMin'> {
  const inBedMin = (r.endAtMs - r.startAtMs) / 60_000;
  const s = r.stagesMin;
  const staged = s ? (s.light ?? 0) + (s.deep ?? 0) + (s.rem ?? 0) : 0;
  const asleepMin =
    staged > 0 ? staged : r.efficiency !== undefined ? inBedMin * r.efficiency : inBedMin - (s?.awake ?? 0);
  const efficiency =
    r.efficiency ?? (inBedMin > 0 && staged > 0 ? Math.min(1, staged / inBedMin) : undefined);
  const midLocal = (r.startAtMs + r.endAtMs) / 2 + r.utcOffsetMinutes * 60_000;
  const midpointMin = (((midLocal % DAY_MS) + DAY_MS) % DAY_MS) / 60_000;
  return { sleepH: asleepMin / 60, efficiency, midpointMin };
}
