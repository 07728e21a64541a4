// The one entry point of ingest decoding: one Kafka message (topic kind, key, value) in, one
// canonical Reading or one precise Rejection out. Never throws, whatever the bytes.
import {
  type ClockOptions,
  DEFAULT_MAX_FUTURE_MS,
  validateHrvV1,
  validateSleepV1,
} from './canonical.validate';
import { healthConnectAdapter } from './healthconnect.adapter';
import { healthKitAdapter } from './healthkit.adapter';
import { openMHealthAdapter } from './openmhealth.adapter';
import type { DecodeResult, JsonObject, TopicKind } from './reading.types';
import { isJsonObject, reject } from './reading.types';
import { DEFAULT_MAX_BYTES, parseSafeJson } from './safe-json';
import { translatePath, type VendorAdapter } from './vendor-adapter';

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
];

const CANONICAL: Record<string, TopicKind> = { 'hrv.v1': 'hrv', 'sleep.v1': 'sleep' };

export function decodeReading(
  topicKind: TopicKind,
  key: string | null,
  value: Buffer | null,
  opts: DecodeOptions,
): DecodeResult {
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
): DecodeResult {
  if (value === null || value === undefined) return reject('TOMBSTONE', '', 'value is null (tombstone)');
  const parsed = parseSafeJson(value, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES });
  if (!parsed.ok) return parsed;
  if (!isJsonObject(parsed.value)) return reject('NOT_AN_OBJECT', '', 'value must be a JSON object');
  const clock: ClockOptions = { nowMs: opts.nowMs, maxFutureMs: opts.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS };
  const obj = parsed.value;
  return Object.hasOwn(obj, 'schema')
    ? decodeCanonical(topic, key, obj, clock)
    : decodeVendor(topic, key, obj, clock);
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
  if (key === null)
    return reject('SCHEMA_INVALID', 'key', 'message key (subjectId) is required for vendor shapes');
  const adapted = adapter.adapt(obj, topic, key);
  if (!adapted.ok) return adapted;
  const { candidate, paths } = adapted.value;
  const result = topic === 'hrv' ? validateHrvV1(candidate, clock) : validateSleepV1(candidate, clock);
  if (result.ok) return result;
  return { ok: false, error: { ...result.error, path: translatePath(result.error.path, paths) } };
}
