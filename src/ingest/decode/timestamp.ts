// Strict ISO-8601 / RFC 3339 date-times that carry their UTC offset. A naive local time cannot be
// placed on the timeline, and Date.parse silently rolls 2026-02-30 over to March, so neither is
// accepted.

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** Real-world offsets run from -12:00 to +14:00; anything wider is a typo or an attack. */
export const MAX_OFFSET_MINUTES = 14 * 60;

export interface ParsedTimestamp {
  epochMs: number;
  utcOffsetMinutes: number;
}

interface Cached {
  s: string;
  parsed: Readonly<ParsedTimestamp> | undefined;
}
/** Validation parses a reading's timestamps (sleep has two), then the reading is built from them. */
let recent: [Cached, Cached] = [
  { s: '', parsed: undefined },
  { s: '', parsed: undefined },
];

export function parseTimestamp(s: string): Readonly<ParsedTimestamp> | undefined {
  if (recent[0].s === s) return recent[0].parsed;
  if (recent[1].s === s) return recent[1].parsed;
  const entry = { s, parsed: parse(s) };
  recent = [entry, recent[0]];
  return entry.parsed;
}

function parse(s: string): ParsedTimestamp | undefined {
  const m = ISO_WITH_OFFSET.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offM > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
    if (Math.abs(offset) > MAX_OFFSET_MINUTES) return undefined;
  }
  let epochMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not (rare, so off the hot path)
  if (year < 100) epochMs = new Date(epochMs).setUTCFullYear(year);
  return { epochMs: epochMs - offset * 60_000, utcOffsetMinutes: offset };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Formats an instant as local time at `offsetMinutes`, e.g. 2026-11-20T03:10:00+01:00. */
export function formatWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString(); // …T03:10:00.000Z
  const base = local.endsWith('.000Z') ? local.slice(0, 19) : local.slice(0, 23);
  if (offsetMinutes === 0) return `${base}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${base}${sign}${hh}:${mm}`;
}

/** A zone offset given apart from the instant: "+01:00", "Z" or total seconds (Java ZoneOffset). */
export function parseZoneOffset(offset: string | number): number | undefined {
  let seconds: number;
  if (typeof offset === 'number') {
    seconds = offset;
  } else if (offset === 'Z') {
    seconds = 0;
  } else {
    const m = /^([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(offset);
    if (!m || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return undefined;
    seconds = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
  }
  if (seconds % 60 !== 0 || Math.abs(seconds) > MAX_OFFSET_MINUTES * 60) return undefined;
  return seconds / 60;
}
