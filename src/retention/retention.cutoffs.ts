import type { AppConfig } from '../config/config.schema';

import { MEASUREMENTS, type Measurement } from '../influx/influx.lines';

/** The measurements retention prunes: every one Respite writes. */
export const RETAINED = MEASUREMENTS;
export type RetainedMeasurement = Measurement;

export type RetentionDays = Pick<AppConfig, 'RETENTION_RAW_DAYS' | 'RETENTION_DAILY_DAYS'>;

const DAY_MS = 86_400_000;

/**
 * Per measurement, the instant before which its points are deleted: 00:00 UTC of the date `days`
 * days before today (UTC). Whole UTC days go at once, so a `daily` point (stamped 00:00 UTC of its
 * wake date) goes together with the raw readings of the same date, and every point lives at least
 * `days` full days: the newest deleted one is more than `days` days old when the run starts.
 * A point exactly at the cutoff stays (the delete is for time < stop).
 */
export function retentionCutoffs(now: Date, days: RetentionDays): Record<RetainedMeasurement, Date> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const before = (n: number) => new Date(today - n * DAY_MS);
  return {
    hrv: before(days.RETENTION_RAW_DAYS),
    sleep: before(days.RETENTION_RAW_DAYS),
    daily: before(days.RETENTION_DAILY_DAYS),
    // check-ins are the person's own raw answers: kept as long as raw readings
    checkin: before(days.RETENTION_RAW_DAYS),
    // the trends' kept nights are a copy of `daily`: a block of weeks goes once its first Monday is
    // past daily's cutoff, so no kept night outlives the `daily` point it copies
    trend_week: before(days.RETENTION_DAILY_DAYS),
  };
}
