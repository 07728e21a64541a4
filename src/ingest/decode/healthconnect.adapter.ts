// Android Health Connect records, one per message, serialised field by field:
//   HeartRateVariabilityRmssdRecord { time, zoneOffset?, heartRateVariabilityMillis, metadata }
//   RestingHeartRateRecord { time, zoneOffset?, beatsPerMinute, metadata }
//   SleepSessionRecord { startTime, endTime, startZoneOffset?, endZoneOffset?, stages?: [{ startTime,
//     endTime, stage }], metadata }
// with metadata { id, dataOrigin: { packageName } | "pkg", device?, ... }. Instants are ISO-8601
// strings with an offset (a naive one is refused); zone offsets are "+01:00"/"Z" or total seconds.
// The zone offset, when present, sets the local time of the reading (it names the night); Health
// Connect allows it to be null, and then the instant's own offset is used (UTC for "…Z").
// Health Connect HRV is RMSSD. Stage codes follow SleepSessionRecord.STAGE_TYPE_* (integers or
// names). metadata.device is a model description, not a device id, and is not kept. Refused: a
// HeartRateRecord (a series of samples, not known to be resting, NOT_MAPPED), any record with
// `samples`, and any other recordType (UNKNOWN_SHAPE).
import { z } from 'zod';
import { vendorReadingId } from './name-based-uuid';
import type { JsonObject, Result } from './reading.types';
import { isJsonObject, reject } from './reading.types';
import { formatWithOffset, parseZoneOffset } from './timestamp';
import {
  type CanonicalCandidate,
  looksLikeMainSleep,
  parseVendor,
  sourceFromName,
  type VendorAdapter,
  vendorRecordId,
  vendorTimestamp,
  wrongTopic,
} from './vendor-adapter';

export const MAX_SLEEP_STAGES = 5000;
const HRV_TYPES = new Set(['HeartRateVariabilityRmssdRecord', 'HeartRateVariabilityRmssd']);
const SLEEP_TYPES = new Set(['SleepSessionRecord', 'SleepSession']);
const RESTING_TYPES = new Set(['RestingHeartRateRecord', 'RestingHeartRate']);
const HEART_RATE_TYPES = new Set(['HeartRateRecord', 'HeartRate']);

const zoneOffset = z.union([z.string(), z.number().int()]).nullish();
const metadataSchema = z.object({
  id: vendorRecordId,
  dataOrigin: z.union([z.string(), z.object({ packageName: z.string() })]).nullish(),
});
const hrvSchema = z.object({
  time: z.string(),
  zoneOffset,
  heartRateVariabilityMillis: z.number(),
  metadata: metadataSchema,
});
const restingSchema = z.object({
  time: z.string(),
  zoneOffset,
  beatsPerMinute: z.number(),
  metadata: metadataSchema,
});
const stageCode = z.union([z.number().int(), z.string()]);
const sleepSchema = z.object({
  startTime: z.string(),
  endTime: z.string(),
  startZoneOffset: zoneOffset,
  endZoneOffset: zoneOffset,
  stages: z
    .array(z.object({ startTime: z.string(), endTime: z.string(), stage: stageCode }))
    .max(MAX_SLEEP_STAGES)
    .nullish(),
  metadata: metadataSchema,
});

type Bucket = 'awake' | 'light' | 'deep' | 'rem' | undefined;
// STAGE_TYPE_UNKNOWN 0, AWAKE 1, SLEEPING 2, AWAKE_OUT_OF_BED 3, SLEEPING_LIGHT 4, SLEEPING_DEEP 5,
// SLEEPING_REM 6, AWAKE_IN_BED 7. "Sleeping" without a stage adds to no bucket.
const STAGE_BUCKETS: Record<string, Bucket> = {
  '0': undefined,
  UNKNOWN: undefined,
  '2': undefined,
  SLEEPING: undefined,
  '1': 'awake',
  AWAKE: 'awake',
  '3': 'awake',
  AWAKE_OUT_OF_BED: 'awake',
  OUT_OF_BED: 'awake',
  '7': 'awake',
  AWAKE_IN_BED: 'awake',
  '4': 'light',
  SLEEPING_LIGHT: 'light',
  LIGHT: 'light',
  '5': 'deep',
  SLEEPING_DEEP: 'deep',
  DEEP: 'deep',
  '6': 'rem',
  SLEEPING_REM: 'rem',
  REM: 'rem',
};

export const healthConnectAdapter: VendorAdapter = {
  name: 'healthconnect',
  detect: (v) =>
    isJsonObject(v.metadata) &&
    ('heartRateVariabilityMillis' in v || 'beatsPerMinute' in v || ('startTime' in v && 'endTime' in v)),
  adapt(value, topic, subjectId) {
    const kind =
      'heartRateVariabilityMillis' in value ? 'hrv' : 'beatsPerMinute' in value ? 'resting' : 'sleep';
    const type = value.recordType;
    if (HEART_RATE_TYPES.has(String(type)) || 'samples' in value) {
      return reject(
        'NOT_MAPPED',
        HEART_RATE_TYPES.has(String(type)) ? 'recordType' : 'samples',
        'a heart rate series is not known to be resting: send RestingHeartRateRecord',
      );
    }
    const types = kind === 'hrv' ? HRV_TYPES : kind === 'resting' ? RESTING_TYPES : SLEEP_TYPES;
    if (type !== undefined && !types.has(String(type))) {
      return reject(
        'UNKNOWN_SHAPE',
        'recordType',
        'record type is not HRV (RMSSD), resting heart rate or sleep',
      );
    }
    if (kind === 'sleep')
      return topic === 'sleep' ? adaptSleep(value, subjectId) : wrongTopic('startTime', topic);
    if (topic !== 'hrv') {
      return wrongTopic(kind === 'hrv' ? 'heartRateVariabilityMillis' : 'beatsPerMinute', topic);
    }
    return kind === 'hrv' ? adaptHrv(value, subjectId) : adaptResting(value, subjectId);
  },
};

function adaptHrv(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(hrvSchema, value);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const at = localTime(r.time, 'time', r.zoneOffset, 'zoneOffset');
  if (!at.ok) return at;
  const candidate = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('healthconnect', r.metadata.id),
    subjectId,
    source: originSource(r.metadata.dataOrigin),
    measuredAt: at.value.iso,
    context: 'unknown',
    rmssdMs: r.heartRateVariabilityMillis,
  };
  const paths = { subjectId: 'key', measuredAt: 'time', rmssdMs: 'heartRateVariabilityMillis' };
  return { ok: true, value: { candidate, paths } };
}

function adaptResting(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(restingSchema, value);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const at = localTime(r.time, 'time', r.zoneOffset, 'zoneOffset');
  if (!at.ok) return at;
  const candidate = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('healthconnect', r.metadata.id),
    subjectId,
    source: originSource(r.metadata.dataOrigin),
    measuredAt: at.value.iso,
    context: 'rest',
    restingHrBpm: r.beatsPerMinute,
  };
  const paths = { subjectId: 'key', measuredAt: 'time', restingHrBpm: 'beatsPerMinute' };
  return { ok: true, value: { candidate, paths, restingHrOnly: true } };
}

function adaptSleep(value: JsonObject, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(sleepSchema, value);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const start = localTime(r.startTime, 'startTime', r.startZoneOffset, 'startZoneOffset');
  if (!start.ok) return start;
  const end = localTime(r.endTime, 'endTime', r.endZoneOffset, 'endZoneOffset');
  if (!end.ok) return end;
  const minutes: Partial<Record<Exclude<Bucket, undefined>, number>> = {};
  for (const [i, stage] of (r.stages ?? []).entries()) {
    const from = vendorTimestamp(stage.startTime, `stages[${i}].startTime`);
    if (!from.ok) return from;
    const to = vendorTimestamp(stage.endTime, `stages[${i}].endTime`);
    if (!to.ok) return to;
    if (to.value.epochMs < from.value.epochMs) {
      return reject('SLEEP_ENDS_BEFORE_START', `stages[${i}].endTime`, 'must not be before startTime');
    }
    const code = String(stage.stage).replace(/^STAGE_TYPE_/, '');
    if (!Object.hasOwn(STAGE_BUCKETS, code))
      return reject('SCHEMA_INVALID', `stages[${i}].stage`, 'unknown stage type');
    const bucket = STAGE_BUCKETS[code];
    if (bucket) minutes[bucket] = (minutes[bucket] ?? 0) + (to.value.epochMs - from.value.epochMs) / 60_000;
  }
  const candidate: JsonObject = {
    schema: 'sleep.v1',
    readingId: vendorReadingId('healthconnect', r.metadata.id),
    subjectId,
    source: originSource(r.metadata.dataOrigin),
    startAt: start.value.iso,
    endAt: end.value.iso,
    isMainSleep: looksLikeMainSleep(start.value.epochMs, end.value.epochMs),
  };
  if (Object.keys(minutes).length > 0) {
    candidate.stagesMin = Object.fromEntries(
      Object.entries(minutes).map(([k, m]) => [k, Math.round(m * 1000) / 1000]),
    );
  }
  const paths: Record<string, string> = { subjectId: 'key', startAt: 'startTime', endAt: 'endTime' };
  for (const field of [
    'stagesMin',
    'stagesMin.awake',
    'stagesMin.light',
    'stagesMin.deep',
    'stagesMin.rem',
  ]) {
    paths[field] = 'stages';
  }
  return { ok: true, value: { candidate, paths } };
}

/** The instant rendered in the record's zone offset, as a canonical timestamp string. */
function localTime(
  instant: string,
  instantPath: string,
  offset: string | number | null | undefined,
  offsetPath: string,
): Result<{ iso: string; epochMs: number }> {
  const t = vendorTimestamp(instant, instantPath);
  if (!t.ok) return t;
  const minutes = offset == null ? t.value.utcOffsetMinutes : parseZoneOffset(offset);
  if (minutes === undefined) {
    return reject('TIMESTAMP_INVALID', offsetPath, 'must be a whole-minute UTC offset within ±14:00');
  }
  return { ok: true, value: { iso: formatWithOffset(t.value.epochMs, minutes), epochMs: t.value.epochMs } };
}

function originSource(origin: string | { packageName: string } | null | undefined) {
  const name = typeof origin === 'string' ? origin : origin?.packageName;
  return sourceFromName(name) ?? 'healthconnect';
}
