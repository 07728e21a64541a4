// What a vendor shape adapter does: recognise its payload and rebuild it as a canonical hrv.v1 /
// sleep.v1 object, which then goes through the very same validation as the wire format. `paths`
// maps canonical fields back to the vendor's, so a rejection points at the field the producer sent.
import { z } from 'zod';
import { joinPath } from './json-path';
import type { JsonObject, Rejection, Result, Source, TopicKind } from './reading.types';
import { reject } from './reading.types';
import { type ParsedTimestamp, parseTimestamp } from './timestamp';
import { issueToRejection } from './zod-rejection';

export interface CanonicalCandidate {
  candidate: JsonObject;
  /** canonical top-level field → vendor path, e.g. { rmssdMs: 'heartRateVariabilityMillis' } */
  paths: Record<string, string>;
  /** A resting heart rate alone is the measure (a vendor heart-rate record), not an HRV value. */
  restingHrOnly?: boolean;
}

export interface VendorAdapter {
  readonly name: string;
  /** Cheap structural sniffing; `adapt` does the real validation. */
  detect(value: JsonObject): boolean;
  /** `subjectId` comes from the Kafka key: vendor payloads do not carry ours. */
  adapt(value: JsonObject, topic: TopicKind, subjectId: string): Result<CanonicalCandidate>;
}

/** Vendor record ids are only hashed, so any short non-empty string will do. */
export const vendorRecordId = z.string().min(1).max(256);

/** Vendors have no main-sleep flag (or omit it): a session this long is taken as the night's sleep. */
export const MAIN_SLEEP_MIN_MS = 3 * 60 * 60 * 1000;

export function looksLikeMainSleep(startMs: number, endMs: number): boolean {
  return endMs - startMs >= MAIN_SLEEP_MIN_MS;
}

const SOURCE_HINTS: Array<[RegExp, Source]> = [
  [/oura/i, 'oura'],
  [/whoop/i, 'whoop'],
  [/garmin/i, 'garmin'],
  [/fitbit/i, 'fitbit'],
  [/polar/i, 'polar'],
  [/samsung|shealth/i, 'samsung'],
  [/apple|healthkit|iphone/i, 'apple'],
];

/**
 * Derives the vendor enum from free text such as a source or package name. The text itself is
 * never kept: HealthKit source names are often "Anna's Apple Watch".
 */
export function sourceFromName(name: string | null | undefined): Source | undefined {
  if (!name) return undefined;
  return SOURCE_HINTS.find(([pattern]) => pattern.test(name))?.[1];
}

export function parseVendor<S extends z.ZodType>(schema: S, value: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, error: issueToRejection(parsed.error.issues[0]!) };
}

export function vendorTimestamp(s: string, path: string): Result<ParsedTimestamp> {
  const t = parseTimestamp(s);
  return t
    ? { ok: true, value: t }
    : reject('TIMESTAMP_INVALID', path, 'must be a date-time with UTC offset');
}

/** A rejection inside a part of the message (an array entry, a Bundle entry), re-pointed from there. */
export function prefixRejection(
  r: { ok: false; error: Rejection },
  prefix: string,
): { ok: false; error: Rejection } {
  return { ok: false, error: { ...r.error, path: joinPath(prefix, r.error.path) } };
}

export function wrongTopic(path: string, topic: TopicKind): { ok: false; error: Rejection } {
  return reject('UNKNOWN_SHAPE', path, `record type does not belong on the ${topic} topic`);
}

/**
 * Re-points a canonical rejection path ("stagesMin.deep", "rrIntervalsMs[3]") at the vendor field it
 * came from, using the longest mapped prefix: { stagesMin: 'stages' } turns "stagesMin" into "stages".
 */
export function translatePath(path: string, paths: Record<string, string>): string {
  for (let end = path.length; end > 0; ) {
    const prefix = path.slice(0, end);
    if (Object.hasOwn(paths, prefix)) return joinPath(paths[prefix]!, path.slice(end).replace(/^\./, ''));
    end = Math.max(prefix.lastIndexOf('.'), prefix.lastIndexOf('['));
  }
  return path;
}
