// Canonical readings that every accepted Kafka message is decoded into, and the precise rejection
// that goes to the DLQ otherwise. Pure types: no Nest, Kafka or Influx here.

export const SOURCES = [
  'oura',
  'whoop',
  'garmin',
  'apple',
  'fitbit',
  'polar',
  'samsung',
  'healthconnect',
  'other',
] as const;
export type Source = (typeof SOURCES)[number];

export type TopicKind = 'hrv' | 'sleep';

export interface HrvReading {
  kind: 'hrv';
  readingId: string;
  subjectId: string;
  deviceId?: string;
  source: Source;
  measuredAt: string;
  measuredAtMs: number;
  /** Offset written in the timestamp (+01:00 → 60); local time names nights later on. */
  utcOffsetMinutes: number;
  windowSeconds?: number;
  context: 'sleep' | 'rest' | 'unknown';
  rmssdMs?: number;
  sdnnMs?: number;
  rrIntervalsMs?: number[];
  restingHrBpm?: number;
}

export interface SleepReading {
  kind: 'sleep';
  readingId: string;
  subjectId: string;
  deviceId?: string;
  source: Source;
  startAt: string;
  startAtMs: number;
  endAt: string;
  endAtMs: number;
  /** Offset written in endAt, i.e. where the person woke up. */
  utcOffsetMinutes: number;
  isMainSleep: boolean;
  stagesMin?: { awake?: number; light?: number; deep?: number; rem?: number };
  efficiency?: number;
  restingHrBpm?: number;
  avgRmssdMs?: number;
  avgSdnnMs?: number;
}

export type Reading = HrvReading | SleepReading;

export const REJECT_CODES = [
  'TOMBSTONE',
  'TOO_LARGE',
  'MALFORMED_JSON',
  'NOT_AN_OBJECT',
  'NESTING_TOO_DEEP',
  'FORBIDDEN_KEY',
  'NOT_FINITE',
  'SCHEMA_INVALID',
  'INVALID_IDENTIFIER',
  'KEY_MISMATCH',
  'OUT_OF_RANGE',
  'ARRAY_TOO_LONG',
  'TIMESTAMP_INVALID',
  'TIMESTAMP_IN_FUTURE',
  'TIMESTAMP_TOO_OLD',
  'SLEEP_ENDS_BEFORE_START',
  'UNKNOWN_SHAPE',
  'MEASURE_MISSING',
  /** RR intervals from which no HRV can be computed (a single interval; too few beats or too noisy). */
  'RR_UNUSABLE',
  /** Valid in its own standard, but deliberately not mapped (e.g. a heart rate not known to be resting). */
  'NOT_MAPPED',
] as const;
/** Also a bounded label set, e.g. for a per-code DLQ counter. */
export type RejectCode = (typeof REJECT_CODES)[number];

/**
 * `message` is logged: it names constraints only, never the subjectId, deviceId or payload text.
 * `path` is like "rrIntervalsMs[3]", "stagesMin.deep", "key", or "" for the whole value.
 */
export interface Rejection {
  code: RejectCode;
  message: string;
  path: string;
}

export type DecodeResult = { ok: true; reading: Reading } | { ok: false; error: Rejection };

/**
 * A message that carries several readings (a FHIR Bundle): the entries that decoded, in entry order,
 * and, if any entry did not, the first one's rejection (its message counting the others).
 */
export interface ManyReadings {
  ok: 'many';
  readings: Reading[];
  rejected?: Rejection;
}

export type MessageResult = DecodeResult | ManyReadings;

export type Result<T> = { ok: true; value: T } | { ok: false; error: Rejection };

export function reject(code: RejectCode, path: string, message: string): { ok: false; error: Rejection } {
  return { ok: false, error: { code, path, message } };
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
