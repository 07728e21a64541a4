// Apple HealthKit sample exports (one sample per message), as written by export apps:
//   { type: "HKQuantityTypeIdentifierHeartRateVariabilitySDNN", uuid, startDate, endDate,
//     value: 48.2, unit: "ms", sourceName, device }
//   { type: "HKQuantityTypeIdentifierRestingHeartRate", ..., value: 52, unit: "count/min" }
//   { type: "HKCategoryTypeIdentifierSleepAnalysis", uuid, startDate, endDate,
//     value: "HKCategoryValueSleepAnalysisInBed" | "inBed" | 0, sourceName }
// Dates may be ISO-8601 or Apple's export form "2026-11-20 03:10:00 +0100"; either must carry its
// offset (a naive date is refused: it names no night). HeartRateVariabilitySDNN is SDNN and maps to
// sdnnMs; HeartRateVariabilityRMSSD (newer HealthKit) maps to rmssdMs: never one for the other.
// RestingHeartRate (HKUnit count/min) is a resting heart rate. Refused: a plain HeartRate sample (not
// known to be resting, NOT_MAPPED), a sleep *stage* sample (awake/core/deep/REM: one slice of a
// night, not a session, NOT_MAPPED), any other type (UNKNOWN_SHAPE), other units (SCHEMA_INVALID).
// Only an inBed / asleepUnspecified session sample becomes a sleep reading, without stages.
// `device` and `sourceName` are free text and not kept.
import { z } from 'zod';
import { vendorReadingId } from './name-based-uuid';
import type { Result } from './reading.types';
import { reject } from './reading.types';
import { formatWithOffset, type ParsedTimestamp } from './timestamp';
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

export const HK_HRV_SDNN = 'HKQuantityTypeIdentifierHeartRateVariabilitySDNN';
export const HK_HRV_RMSSD = 'HKQuantityTypeIdentifierHeartRateVariabilityRMSSD';
export const HK_RESTING_HR = 'HKQuantityTypeIdentifierRestingHeartRate';
export const HK_HEART_RATE = 'HKQuantityTypeIdentifierHeartRate';
/** Quantity types that map to hrv.v1, with the field, the units accepted and their factor. */
const QUANTITIES: Record<
  string,
  { field: 'sdnnMs' | 'rmssdMs' | 'restingHrBpm'; units: Record<string, number> }
> = {
  [HK_HRV_SDNN]: { field: 'sdnnMs', units: { ms: 1, s: 1000 } },
  [HK_HRV_RMSSD]: { field: 'rmssdMs', units: { ms: 1, s: 1000 } },
  [HK_RESTING_HR]: { field: 'restingHrBpm', units: { 'count/min': 1 } },
};
export const HK_SLEEP_ANALYSIS = 'HKCategoryTypeIdentifierSleepAnalysis';

const DECIMAL = /^\d{1,6}(\.\d{1,9})?$/;
const sampleSchema = z.object({
  type: z.string(),
  uuid: vendorRecordId,
  startDate: z.string(),
  endDate: z.string(),
  sourceName: z.string().nullish(),
});
const quantitySchema = sampleSchema.extend({
  value: z.union([z.number(), z.string().regex(DECIMAL)]),
  unit: z.string(),
});
const sleepSchema = sampleSchema.extend({ value: z.union([z.string(), z.number()]) });

// HKCategoryValueSleepAnalysis raw values: inBed 0, asleepUnspecified (formerly asleep) 1,
// awake 2, asleepCore 3, asleepDeep 4, asleepREM 5.
const SESSION_VALUES = new Set(['inbed', 'asleepunspecified', 'asleep', '0', '1']);
const STAGE_VALUES = new Set(['awake', 'asleepcore', 'asleepdeep', 'asleeprem', '2', '3', '4', '5']);

export const healthKitAdapter: VendorAdapter = {
  name: 'healthkit',
  detect: (value) => typeof value.type === 'string' && value.type.startsWith('HK'),
  adapt(value, topic, subjectId) {
    const type = String(value.type);
    if (Object.hasOwn(QUANTITIES, type)) {
      return topic === 'hrv' ? adaptQuantity(value, subjectId, QUANTITIES[type]!) : wrongTopic('type', topic);
    }
    if (type === HK_SLEEP_ANALYSIS) {
      return topic === 'sleep' ? adaptSleep(value, subjectId) : wrongTopic('type', topic);
    }
    if (type === HK_HEART_RATE) {
      return reject(
        'NOT_MAPPED',
        'type',
        'a heart rate sample is not known to be resting: send RestingHeartRate',
      );
    }
    return reject(
      'UNKNOWN_SHAPE',
      'type',
      'HealthKit type is not HRV (SDNN, RMSSD), resting heart rate or sleep',
    );
  },
};

function adaptQuantity(
  value: unknown,
  subjectId: string,
  q: (typeof QUANTITIES)[string],
): Result<CanonicalCandidate> {
  const parsed = parseVendor(quantitySchema, value);
  if (!parsed.ok) return parsed;
  const s = parsed.value;
  if (!Object.hasOwn(q.units, s.unit)) {
    return reject('SCHEMA_INVALID', 'unit', `must be one of ${Object.keys(q.units).join('|')}`);
  }
  const times = interval(s.startDate, s.endDate);
  if (!times.ok) return times;
  const [start, end] = times.value;
  const raw = typeof s.value === 'number' ? s.value : Number(s.value);
  const windowSeconds = Math.round((end.epochMs - start.epochMs) / 1000);
  const candidate = {
    schema: 'hrv.v1',
    readingId: vendorReadingId('healthkit', s.uuid),
    subjectId,
    source: sourceFromName(s.sourceName) ?? 'apple',
    measuredAt: formatWithOffset(start.epochMs, start.utcOffsetMinutes),
    context: q.field === 'restingHrBpm' ? 'rest' : 'unknown',
    [q.field]: Number((raw * q.units[s.unit]!).toFixed(6)),
    ...(windowSeconds > 0 ? { windowSeconds } : {}),
  };
  return {
    ok: true,
    value: {
      candidate,
      paths: { subjectId: 'key', measuredAt: 'startDate', windowSeconds: 'endDate', [q.field]: 'value' },
      restingHrOnly: q.field === 'restingHrBpm',
    },
  };
}

function adaptSleep(value: unknown, subjectId: string): Result<CanonicalCandidate> {
  const parsed = parseVendor(sleepSchema, value);
  if (!parsed.ok) return parsed;
  const s = parsed.value;
  const kind = String(s.value)
    .replace(/^HKCategoryValueSleepAnalysis/, '')
    .toLowerCase();
  if (STAGE_VALUES.has(kind)) {
    return reject('NOT_MAPPED', 'value', 'a sleep stage sample is part of a night, not a sleep session');
  }
  if (!SESSION_VALUES.has(kind)) return reject('SCHEMA_INVALID', 'value', 'unknown sleep analysis value');
  const start = vendorTimestamp(appleToIso(s.startDate), 'startDate');
  if (!start.ok) return start;
  const end = vendorTimestamp(appleToIso(s.endDate), 'endDate');
  if (!end.ok) return end;
  const candidate = {
    schema: 'sleep.v1',
    readingId: vendorReadingId('healthkit', s.uuid),
    subjectId,
    source: sourceFromName(s.sourceName) ?? 'apple',
    startAt: formatWithOffset(start.value.epochMs, start.value.utcOffsetMinutes),
    endAt: formatWithOffset(end.value.epochMs, end.value.utcOffsetMinutes),
    isMainSleep: looksLikeMainSleep(start.value.epochMs, end.value.epochMs),
  };
  return {
    ok: true,
    value: { candidate, paths: { subjectId: 'key', startAt: 'startDate', endAt: 'endDate' } },
  };
}

function interval(startDate: string, endDate: string): Result<[ParsedTimestamp, ParsedTimestamp]> {
  const start = vendorTimestamp(appleToIso(startDate), 'startDate');
  if (!start.ok) return start;
  const end = vendorTimestamp(appleToIso(endDate), 'endDate');
  if (!end.ok) return end;
  if (end.value.epochMs < start.value.epochMs)
    return reject('TIMESTAMP_INVALID', 'endDate', 'must not be before startDate');
  return { ok: true, value: [start.value, end.value] };
}

/** Apple's export format "2026-11-20 03:10:00 +0100" → ISO "2026-11-20T03:10:00+0100". */
export function appleToIso(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4})$/.exec(s);
  return m ? `${m[1]}T${m[2]}${m[3]}` : s;
}
