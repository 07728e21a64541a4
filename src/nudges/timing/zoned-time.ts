/** Wall-clock arithmetic in an IANA zone with nothing but Intl (no tz library, no Temporal yet). */

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function toLocal(ms: number, timeZone: string): LocalDateTime {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** The wall-clock reading at `ms`, as if it were UTC (so wall readings can be compared as numbers). */
function wallMs(ms: number, timeZone: string): number {
  const l = toLocal(ms, timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) + (((ms % 1000) + 1000) % 1000);
}

/** Per zone, the local date of the last minute asked about ("today" for every personal read). */
const lastDates = new Map<string, { minute: number; date: string }>();

/** The zone's calendar date at `ms`, YYYY-MM-DD (a formatter per zone is kept: making one costs more than using it). */
export function localDateOf(ms: number, timeZone: string): string {
  // a local date turns on a whole minute (every zone's offset is whole minutes since 1972), so a
  // minute's answer holds for all of it; formatToParts was 1.5% of the service's CPU under load
  const minute = Math.floor(ms / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = formatDate(ms, timeZone);
  lastDates.set(timeZone, { minute, date });
  return date;
}

function formatDate(ms: number, timeZone: string): string {
  const l = toLocal(ms, timeZone);
  return `${String(l.year).padStart(4, '0')}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The first instant after `after` at which the zone's wall clock reads at least `date` + `minuteOfDay`.
 * Across a DST gap (the wall time never occurs) that is the transition itself; when the wall time
 * occurs twice (clocks fall back) it is the earlier occurrence, or the later one if the earlier is
 * not after `after`. Assumes at most one offset change within ±24 h, true of every real zone.
 */
export function instantAtLocal(
  date: LocalDate,
  minuteOfDay: number,
  timeZone: string,
  after = -Infinity,
): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const offsets = [
    wallMs(wall - DAY_MS, timeZone) - (wall - DAY_MS),
    wallMs(wall + DAY_MS, timeZone) - (wall + DAY_MS),
  ];
  const exact = [...new Set(offsets.map((o) => wall - o))]
    .filter((t) => wallMs(t, timeZone) === wall)
    .sort((a, b) => a - b);
  const hit = exact.find((t) => t > after) ?? exact[exact.length - 1];
  if (hit !== undefined) return hit;
  // In a gap: the wall clock jumps over `wall` between these two instants; find the jump.
  let lo = Math.min(...offsets.map((o) => wall - o));
  let hi = Math.max(...offsets.map((o) => wall - o));
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}
