// The entry point of ingest decoding: one Kafka message (topic kind, key, value) in, one canonical
// Reading or one precise Rejection out; a FHIR Bundle gives several readings, each entry decoded on
// its own (decodeMessage). Never throws, whatever the bytes.
import {
  type ClockOptions,
  DEFAULT_MAX_FUTURE_MS,
  validateHrvV1,
  validateSleepV1,
} from './canonical.validate';
import { adaptObservation, fhirObservationAdapter } from './fhir.adapter';
import { ACCEPTED_BUNDLE_TYPES, bundleSchema } from './fhir.schema';
import { healthConnectAdapter } from './healthconnect.adapter';
import { healthKitAdapter } from './healthkit.adapter';
import { openMHealthAdapter } from './openmhealth.adapter';
import { adaptRrSeries } from './openmhealth.heart';
import type {
  DecodeResult,
  JsonObject,
  JsonValue,
  MessageResult,
  Reading,
  Rejection,
  Result,
  TopicKind,
} from './reading.types';
import { isJsonObject, reject } from './reading.types';
import { DEFAULT_MAX_BYTES, parseSafeJson } from './safe-json';
import {
  type CanonicalCandidate,
  parseVendor,
  prefixRejection,
  translatePath,
  type VendorAdapter,
} from './vendor-adapter';

export interface DecodeOptions {
  nowMs: number;
  /** Default 256 KiB. */
  maxBytes?: number;
  /** How far past nowMs a reading may lie (device clock skew); default 24 h. */
  maxFutureMs?: number;
}

export const VENDOR_ADAPTERS: readonly VendorAdapter[] = [
  openMHealthAdapter,
  healthKitAdapter,
  healthConnectAdapter,
  fhirObservationAdapter,
];

const CANONICAL: Record<string, TopicKind> = { 'hrv.v1': 'hrv', 'sleep.v1': 'sleep' };

/** One reading; a message of several (a FHIR Bundle) is refused here: ingest uses decodeMessage. */
export function decodeReading(
  topicKind: TopicKind,
  key: string | null,
  value: Buffer | null,
  opts: DecodeOptions,
): DecodeResult {
  const result = decodeMessage(topicKind, key, value, opts);
  if (result.ok !== 'many') return result;
  return result.readings.length === 1 && !result.rejected
    ? { ok: true, reading: result.readings[0]! }
    : reject('UNKNOWN_SHAPE', '', 'a Bundle carries several readings: decode it with decodeMessage');
}

export function decodeMessage(
  topicKind: TopicKind,
  key: string | null,
  value: Buffer | null,
  opts: DecodeOptions,
): MessageResult {
  try {
    return decode(topicKind, key, value, opts);
  } catch {
    // Defence in depth: a bug here must become a dead letter, not a crashed consumer.
    return reject('SCHEMA_INVALID', '', 'value could not be decoded');
  }
}

function decode(
  topic: TopicKind,
  key: string | null,
  value: Buffer | null,
  opts: DecodeOptions,
): MessageResult {
  if (value === null || value === undefined) return reject('TOMBSTONE', '', 'value is null (tombstone)');
  const parsed = parseSafeJson(value, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
  if (!parsed.ok) return parsed;
  const clock: ClockOptions = { nowMs: opts.nowMs, maxFutureMs: opts.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS };
  const obj = parsed.value;
  if (!isJsonObject(obj)) {
    if (Array.isArray(obj)) return decodeRrSeries(topic, key, obj, clock);
    return reject('NOT_AN_OBJECT', '', 'value must be a JSON object');
  }
  if (Object.hasOwn(obj, 'schema')) return decodeCanonical(topic, key, obj, clock);
  if (obj.resourceType === 'Bundle') return decodeBundle(topic, key, obj, clock);
  return decodeVendor(topic, key, obj, clock);
}

function decodeCanonical(
  topic: TopicKind,
  key: string | null,
  obj: JsonObject,
  clock: ClockOptions,
): DecodeResult {
  const schema = obj.schema;
  const kind = typeof schema === 'string' && Object.hasOwn(CANONICAL, schema) ? CANONICAL[schema] : undefined;
  if (kind === undefined) return reject('UNKNOWN_SHAPE', 'schema', 'must be hrv.v1 or sleep.v1');
  if (kind !== topic) return reject('UNKNOWN_SHAPE', 'schema', `does not belong on the ${topic} topic`);
  const result = kind === 'hrv' ? validateHrvV1(obj, clock) : validateSleepV1(obj, clock);
  if (result.ok && key !== null && key !== result.reading.subjectId) {
    return reject('KEY_MISMATCH', 'subjectId', 'must equal the message key');
  }
  return result;
}

function decodeVendor(
  topic: TopicKind,
  key: string | null,
  obj: JsonObject,
  clock: ClockOptions,
): DecodeResult {
  const adapter = VENDOR_ADAPTERS.find((a) => a.detect(obj));
  if (!adapter) return reject('UNKNOWN_SHAPE', '', 'neither a canonical nor a known vendor shape');
  // Vendor payloads carry no subjectId of ours; the key is the only place it can come from.
  if (key === null) return missingKey();
  return validateCandidate(topic, adapter.adapt(obj, topic, key), clock);
}

function missingKey(): { ok: false; error: Rejection } {
  return reject('SCHEMA_INVALID', 'key', 'message key (subjectId) is required for vendor shapes');
}

/** A vendor candidate through the wire format's own validation, its rejection re-pointed at the vendor field. */
function validateCandidate(
  topic: TopicKind,
  adapted: Result<CanonicalCandidate>,
  clock: ClockOptions,
): DecodeResult {
  if (!adapted.ok) return adapted;
  const { candidate, paths, restingHrOnly } = adapted.value;
  const result =
    topic === 'hrv' ? validateHrvV1(candidate, clock, restingHrOnly) : validateSleepV1(candidate, clock);
  if (result.ok) return result;
  return { ok: false, error: { ...result.error, path: translatePath(result.error.path, paths) } };
}

/** A JSON array: an Open mHealth rr-interval series (openmhealth.heart.ts), one reading. */
function decodeRrSeries(
  topic: TopicKind,
  key: string | null,
  points: JsonValue[],
  clock: ClockOptions,
): DecodeResult {
  const head = points[0];
  const series = isJsonObject(head) && isJsonObject(head.header) && isJsonObject(head.body);
  if (topic !== 'hrv' || !series) {
    return reject(
      'NOT_AN_OBJECT',
      '',
      'value must be a JSON object (or an array of rr-interval data points)',
    );
  }
  if (key === null) return missingKey();
  return validateCandidate(topic, adaptRrSeries(points, key), clock);
}

/**
 * A FHIR Bundle of Observations: one message, one person (its key), several readings. Each entry is
 * decoded on its own, so a bad entry does not cost the good ones: they are returned with the first
 * bad entry's rejection (path `entry[3].resource.valueQuantity.unit`), which ingest dead-letters
 * once for the whole message. Entries that are not Observations (Patient, Device) are skipped.
 * Entries that name different subjects make the whole Bundle ambiguous: refused.
 */
function decodeBundle(
  topic: TopicKind,
  key: string | null,
  obj: JsonObject,
  clock: ClockOptions,
): MessageResult {
  const parsed = parseVendor(bundleSchema, obj);
  if (!parsed.ok) return parsed;
  const { type, entry } = parsed.value;
  if (!(ACCEPTED_BUNDLE_TYPES as readonly string[]).includes(type)) {
    return reject('NOT_MAPPED', 'type', 'must be a collection, batch, transaction or searchset Bundle');
  }
  if (key === null) return missingKey();
  const entries = entry ?? [];
  let subject: string | null | undefined;
  for (const [i, e] of entries.entries()) {
    if (e.resource?.resourceType !== 'Observation') continue;
    const s = e.resource.subject;
    const ref = isJsonObject(s) && typeof s.reference === 'string' ? s.reference : null;
    if (subject === undefined) subject = ref;
    else if (ref !== subject) {
      return reject(
        'KEY_MISMATCH',
        `entry[${i}].resource.subject.reference`,
        'entries name different subjects',
      );
    }
  }
  const readings: Reading[] = [];
  const rejections: Rejection[] = [];
  for (const [i, e] of entries.entries()) {
    const resource = e.resource as JsonObject | null | undefined;
    if (resource?.resourceType !== 'Observation') continue;
    const result = validateCandidate(topic, adaptObservation(resource, topic, key, e.fullUrl), clock);
    if (result.ok) readings.push(result.reading);
    else rejections.push(prefixRejection(result, `entry[${i}].resource`).error);
  }
  if (readings.length === 0 && rejections.length === 0) {
    return reject('MEASURE_MISSING', 'entry', 'has no Observation');
  }
  const first = rejections[0];
  const rejected =
    first && rejections.length > 1
      ? { ...first, message: `${first.message} (and ${rejections.length - 1} more entries rejected)` }
      : first;
  if (readings.length === 0) return { ok: false, error: rejected! };
  return rejected ? { ok: 'many', readings, rejected } : { ok: 'many', readings };
}
