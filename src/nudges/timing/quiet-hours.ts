import { addDays, instantAtLocal, isValidTimeZone, toLocal } from './zoned-time';

export { isValidTimeZone } from './zoned-time';

/** Local wall-clock times 'HH:MM'; start > end wraps past midnight; start = end means no quiet hours. */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '07:30' };

/**
 * Used when a person has not told us their zone (or stored an invalid one). Respite is deployed per
 * hospital, and almost everyone on a hospital's staff lives in its zone, so the deployment's zone is
 * the best guess; deployments elsewhere pass their own. Europe/Berlin is the first deployment's.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

export function resolveTimeZone(timeZone: string | null | undefined, fallback = DEFAULT_TIME_ZONE): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : fallback;
}

/** 'HH:MM' → minutes after local midnight. Throws on anything else (a config error, not data). */
export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`quiet hours: expected HH:MM, got '${hhmm}'`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function quietAt(minute: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function isQuiet(now: Date, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const l = toLocal(now.getTime(), timeZone);
  return quietAt(l.hour * 60 + l.minute + l.second / 60, parseClock(quiet.start), parseClock(quiet.end));
}

/**
 * When a nudge made at `now` may be delivered: `now` itself outside quiet hours, otherwise the
 * instant quiet hours end in the person's zone — computed from the zone's wall clock, so it stays
 * 07:30 local across DST changes and in zones with 30- or 45-minute offsets.
 */
export function nextDeliveryTime(now: Date, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const start = parseClock(quiet.start);
  const end = parseClock(quiet.end);
  const l = toLocal(now.getTime(), timeZone);
  const minute = l.hour * 60 + l.minute + l.second / 60;
  if (!quietAt(minute, start, end)) return now;
  // Before midnight in a wrapping window, quiet hours end tomorrow; otherwise later today.
  const day = start > end && minute >= start ? addDays(l, 1) : l;
  return new Date(instantAtLocal(day, end, timeZone, now.getTime()));
}
