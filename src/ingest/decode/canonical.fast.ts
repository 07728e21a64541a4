// Hand-written checks for canonical hrv.v1 / sleep.v1 values that are valid, the common case on the
// ingest hot path, where zod's checks and the garbage they leave cost a few µs per message.
// Each returns exactly what `schema.safeParse(value).data` would: unknown keys stripped, a key sent
// as null or undefined kept as such, an absent key left out. When a value is not certainly valid
// they return undefined and the caller runs zod, which names the precise error. The rules are
// those of canonical.schema.ts; canonical.fast.spec.ts checks the two against each other.
import type { HrvV1, SleepV1 } from './canonical.schema';
import { MAX_RR_INTERVALS, PLAUSIBLE } from './canonical.schema';
import { identifierProblem, MAX_IDENTIFIER_CODE_POINTS } from './identifier';
import { type JsonObject, type JsonValue, SOURCES, type Source } from './reading.types';
import { parseTimestamp } from './timestamp';

type Field = JsonValue | undefined;
type Stages = NonNullable<SleepV1['stagesMin']>;

export function fastHrvV1(value: JsonObject): HrvV1 | undefined {
  const { readingId, subjectId, deviceId, source, measuredAt, windowSeconds, context } = value;
  const { rmssdMs, sdnnMs, rrIntervalsMs, restingHrBpm } = value;
  if (
    value.schema !== 'hrv.v1' ||
    !isUuid(readingId) ||
    !isIdentifier(subjectId) ||
    !(deviceId == null || isIdentifier(deviceId)) ||
    !isSource(source) ||
    !isTimestamp(measuredAt) ||
    !optionalWithin(windowSeconds, PLAUSIBLE.windowSeconds) ||
    !(context == null || context === 'sleep' || context === 'rest' || context === 'unknown') ||
    !optionalWithin(rmssdMs, PLAUSIBLE.hrvMs) ||
    !optionalWithin(sdnnMs, PLAUSIBLE.hrvMs) ||
    !(rrIntervalsMs == null || isRrArray(rrIntervalsMs)) ||
    !optionalWithin(restingHrBpm, PLAUSIBLE.heartRateBpm)
  ) {
    return undefined;
  }
  const out: HrvV1 = { schema: 'hrv.v1', readingId, subjectId, source, measuredAt };
  // zod's own test for "was sent" (`key in input`), so that absent and undefined come out as in zod
  if ('deviceId' in value) out.deviceId = deviceId;
  if ('windowSeconds' in value) out.windowSeconds = windowSeconds;
  if ('context' in value) out.context = context;
  if ('rmssdMs' in value) out.rmssdMs = rmssdMs;
  if ('sdnnMs' in value) out.sdnnMs = sdnnMs;
  if ('rrIntervalsMs' in value) out.rrIntervalsMs = rrIntervalsMs; // zod would copy it; equal is enough
  if ('restingHrBpm' in value) out.restingHrBpm = restingHrBpm;
  return out;
}

export function fastSleepV1(value: JsonObject): SleepV1 | undefined {
  const { readingId, subjectId, deviceId, source, startAt, endAt, isMainSleep, stagesMin } = value;
  const { efficiency, restingHrBpm, avgRmssdMs, avgSdnnMs } = value;
  if (
    value.schema !== 'sleep.v1' ||
    !isUuid(readingId) ||
    !isIdentifier(subjectId) ||
    !(deviceId == null || isIdentifier(deviceId)) ||
    !isSource(source) ||
    !isTimestamp(startAt) ||
    !isTimestamp(endAt) ||
    typeof isMainSleep !== 'boolean' ||
    !optionalWithin(efficiency, PLAUSIBLE.efficiency) ||
    !optionalWithin(restingHrBpm, PLAUSIBLE.heartRateBpm) ||
    !optionalWithin(avgRmssdMs, PLAUSIBLE.hrvMs) ||
    !optionalWithin(avgSdnnMs, PLAUSIBLE.hrvMs)
  ) {
    return undefined;
  }
  const stages = stagesMin == null ? stagesMin : fastStages(stagesMin);
  if (stages === undefined && stagesMin != null) return undefined;
  const out: SleepV1 = { schema: 'sleep.v1', readingId, subjectId, source, startAt, endAt, isMainSleep };
  if ('deviceId' in value) out.deviceId = deviceId;
  if ('stagesMin' in value) out.stagesMin = stages;
  if ('efficiency' in value) out.efficiency = efficiency;
  if ('restingHrBpm' in value) out.restingHrBpm = restingHrBpm;
  if ('avgRmssdMs' in value) out.avgRmssdMs = avgRmssdMs;
  if ('avgSdnnMs' in value) out.avgSdnnMs = avgSdnnMs;
  return out;
}

/** stagesMin is an object of its own in zod: a fresh one, with its unknown keys stripped too. */
function fastStages(s: JsonValue): Stages | undefined {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return undefined;
  const { awake, light, deep, rem } = s;
  const range = PLAUSIBLE.stageMinutes;
  if (
    !optionalWithin(awake, range) ||
    !optionalWithin(light, range) ||
    !optionalWithin(deep, range) ||
    !optionalWithin(rem, range)
  ) {
    return undefined;
  }
  const out: Stages = {};
  if ('awake' in s) out.awake = awake;
  if ('light' in s) out.light = light;
  if ('deep' in s) out.deep = deep;
  if ('rem' in s) out.rem = rem;
  return out;
}

// The bounds are finite, so NaN and ±Infinity fail the comparisons, as z.number() rejects them.
function within(x: Field, range: { min: number; max: number }): x is number {
  return typeof x === 'number' && x >= range.min && x <= range.max;
}

function optionalWithin(x: Field, range: { min: number; max: number }): x is number | null | undefined {
  return x == null || within(x, range);
}

function isRrArray(x: Field): x is number[] {
  if (!Array.isArray(x) || x.length > MAX_RR_INTERVALS) return false;
  for (let i = 0; i < x.length; i++) if (!within(x[i], PLAUSIBLE.rrMs)) return false;
  return true;
}

const SOURCE_SET: ReadonlySet<string> = new Set(SOURCES);

function isSource(x: Field): x is Source {
  return typeof x === 'string' && SOURCE_SET.has(x);
}

function isTimestamp(x: Field): x is string {
  // parseTimestamp remembers its last results, so the caller's own parse after this one is free
  return typeof x === 'string' && parseTimestamp(x) !== undefined;
}

/**
 * Printable ASCII without a space at either end is always a safe identifier; anything else (rare:
 * non-ASCII, controls, too long, empty) gets the full rule, the one zod applies.
 */
function isIdentifier(x: Field): x is string {
  if (typeof x !== 'string') return false;
  const n = x.length;
  if (n === 0 || n > MAX_IDENTIFIER_CODE_POINTS || x.charCodeAt(0) === 0x20 || x.charCodeAt(n - 1) === 0x20) {
    return identifierProblem(x) === undefined;
  }
  for (let i = 0; i < n; i++) {
    const c = x.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return identifierProblem(x) === undefined;
  }
  return true;
}

// z.uuid() in zod 4 accepts, case-insensitively, 8-4-4-4-12 hex digits with version 1–8 and variant
// 8/9/a/b, and besides those only the nil and max UUIDs, written in lower case.
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
/** 1 at the char code of each hex digit (a lookup beats comparing ranges, and zod's regex). */
const HEX_DIGITS = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX_DIGITS[c.charCodeAt(0)] = 1;

function isUuid(x: Field): x is string {
  if (typeof x !== 'string' || x.length !== 36) return false;
  if (x === NIL_UUID || x === MAX_UUID) return true;
  for (let i = 0; i < 36; i++) {
    const c = x.charCodeAt(i);
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    if (dash ? c !== 0x2d : c >= 128 || HEX_DIGITS[c] !== 1) return false;
  }
  const version = x[14]!;
  return version >= '1' && version <= '8' && '89abAB'.includes(x[19]!);
}
