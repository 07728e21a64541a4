// Open mHealth / IEEE 1752.1 time frames placed on the timeline. A time frame is a date_time or a
// time_interval (never both: the schema's oneOf); an interval is exactly one of start+end,
// start+duration, end+duration or date+part_of_day. The first three are placed; a date with a part
// of day ("2016-02-05", "night") cannot be, and is refused as NOT_MAPPED. An interval computed from
// a duration keeps the offset of the end that was given: that is where the person was.
import { DURATION_MS, type OmhTimeFrame, type OmhTimeInterval } from './openmhealth.schema';
import type { RejectCode, Result } from './reading.types';
import { reject } from './reading.types';
import type { ParsedTimestamp } from './timestamp';
import { vendorTimestamp } from './vendor-adapter';

export interface OmhInterval {
  start: ParsedTimestamp;
  end: ParsedTimestamp;
  /** The fields a rejection of the start or end should point at. */
  startPath: string;
  endPath: string;
}

export interface OmhTime {
  at: ParsedTimestamp;
  atPath: string;
  /** Set for an interval: its length. */
  windowSeconds?: number;
  windowPath?: string;
}

export function durationMs(d: { value: number; unit: string }): number {
  return d.value * DURATION_MS[d.unit]!;
}

/** `reversed`: the code for an end before the start (sleep has its own). */
export function resolveInterval(
  i: OmhTimeInterval,
  path: string,
  reversed: RejectCode = 'TIMESTAMP_INVALID',
): Result<OmhInterval> {
  const given = [i.start_date_time, i.end_date_time, i.duration].filter((x) => x != null).length;
  if (i.date != null || i.part_of_day != null) {
    if (given > 0) return reject('SCHEMA_INVALID', path, 'a date with part_of_day takes no other field');
    return reject('NOT_MAPPED', `${path}.part_of_day`, 'a date with a part of day cannot be placed in time');
  }
  if (given !== 2) {
    return reject('SCHEMA_INVALID', path, 'needs exactly two of start_date_time, end_date_time, duration');
  }
  const startPath = `${path}.start_date_time`;
  const endPath = `${path}.end_date_time`;
  const durationPath = `${path}.duration`;
  const start = i.start_date_time == null ? undefined : vendorTimestamp(i.start_date_time, startPath);
  if (start && !start.ok) return start;
  const end = i.end_date_time == null ? undefined : vendorTimestamp(i.end_date_time, endPath);
  if (end && !end.ok) return end;
  if (start && end) {
    if (end.value.epochMs < start.value.epochMs) {
      return reject(reversed, endPath, 'must not be before start_date_time');
    }
    return { ok: true, value: { start: start.value, end: end.value, startPath, endPath } };
  }
  const ms = durationMs(i.duration!);
  if (!(ms >= 0) || !Number.isFinite(ms)) {
    return reject('OUT_OF_RANGE', `${durationPath}.value`, 'must be a duration of at least 0');
  }
  if (start) {
    const e = { epochMs: start.value.epochMs + ms, utcOffsetMinutes: start.value.utcOffsetMinutes };
    return { ok: true, value: { start: start.value, end: e, startPath, endPath: durationPath } };
  }
  const s = { epochMs: end!.value.epochMs - ms, utcOffsetMinutes: end!.value.utcOffsetMinutes };
  return { ok: true, value: { start: s, end: end!.value, startPath: durationPath, endPath } };
}

/** A point in time, or the start of an interval (whose length becomes the window). */
export function resolveFrame(frame: OmhTimeFrame, path: string): Result<OmhTime> {
  if (frame.date_time != null && frame.time_interval != null) {
    return reject('SCHEMA_INVALID', path, 'takes date_time or time_interval, not both');
  }
  if (frame.date_time != null) {
    const atPath = `${path}.date_time`;
    const at = vendorTimestamp(frame.date_time, atPath);
    return at.ok ? { ok: true, value: { at: at.value, atPath } } : at;
  }
  if (frame.time_interval == null) return reject('SCHEMA_INVALID', path, 'needs date_time or time_interval');
  const i = resolveInterval(frame.time_interval, `${path}.time_interval`);
  if (!i.ok) return i;
  const { start, end, startPath, endPath } = i.value;
  const windowSeconds = Math.round((end.epochMs - start.epochMs) / 1000);
  return { ok: true, value: { at: start, atPath: startPath, windowSeconds, windowPath: endPath } };
}
