// Validates a canonical hrv.v1 / sleep.v1 object (from the wire or built by a vendor adapter) and
// builds the Reading: field rules by the fast path or else zod, then the rules that span fields or
// need the clock.
import { fastHrvV1, fastSleepV1 } from './canonical.fast';
import {
  hrvV1Schema,
  MAX_RR_INTERVALS,
  MAX_SLEEP_MS,
  PLAUSIBLE,
  type SleepV1,
  sleepV1Schema,
} from './canonical.schema';
import type { DecodeResult, HrvReading, JsonObject, SleepReading } from './reading.types';
import { reject } from './reading.types';
import { parseTimestamp } from './timestamp';
import { issueToRejection } from './zod-rejection';

export const EARLIEST_MS = Date.UTC(2000, 0, 1);
export const DEFAULT_MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
/** Vendors round stage totals; a few minutes over the session length is not an error. */
export const STAGE_SUM_TOLERANCE_MIN = 5;

export interface ClockOptions {
  nowMs: number;
  maxFutureMs: number;
}

/**
 * `restingHrIsMeasure`: a vendor heart-rate record (a resting heart rate and nothing else) may pass
 * without an HRV measure; on the wire, hrv.v1 needs one of rmssdMs, sdnnMs, rrIntervalsMs (DESIGN §2).
 */
export function validateHrvV1(
  value: JsonObject,
  clock: ClockOptions,
  restingHrIsMeasure = false,
): DecodeResult {
  // Checked first so a 30k-entry array fails fast, and with its own code, not per entry.
  const rr = value.rrIntervalsMs;
  if (Array.isArray(rr) && rr.length > MAX_RR_INTERVALS) {
    return reject('ARRAY_TOO_LONG', 'rrIntervalsMs', `must have at most ${MAX_RR_INTERVALS} entries`);
  }
  let v = fastHrvV1(value);
  if (v === undefined) {
    // zod checks each RR entry on its own, ~10x slower than this loop: a valid array is kept out of
    // it, so that rejecting a reading with thousands of them for another field stays cheap.
    const rrValid = Array.isArray(rr) && rr.every(plausibleRr);
    const parsed = hrvV1Schema.safeParse(rrValid ? { ...value, rrIntervalsMs: undefined } : value);
    if (!parsed.success) return { ok: false, error: issueToRejection(parsed.error.issues[0]!) };
    v = rrValid ? { ...parsed.data, rrIntervalsMs: rr as number[] } : parsed.data;
  }
  if (v.rmssdMs == null && v.sdnnMs == null) {
    const rrCount = v.rrIntervalsMs?.length ?? 0;
    // One interval has no successive difference and no spread: it can never give an HRV, so it
    // is refused here rather than stored as a reading without one (longer series that are too
    // short or noisy for hrv.metrics are refused by the ingest pipeline, also as RR_UNUSABLE).
    if (rrCount === 1) {
      return reject('RR_UNUSABLE', 'rrIntervalsMs', 'a single RR interval gives no HRV: send the series');
    }
    if (rrCount === 0 && !(restingHrIsMeasure && v.restingHrBpm != null)) {
      return reject('MEASURE_MISSING', '', 'needs at least one of rmssdMs, sdnnMs, rrIntervalsMs');
    }
  }
  const at = parseTimestamp(v.measuredAt)!;
  const clockError = tooOld(at.epochMs, 'measuredAt') ?? inFuture(at.epochMs, 'measuredAt', clock);
  if (clockError) return clockError;
  // Key by key, in the order readings have always had, leaving out what was not sent (or null).
  const reading = { kind: 'hrv', readingId: v.readingId.toLowerCase(), subjectId: v.subjectId } as HrvReading;
  if (v.deviceId != null) reading.deviceId = v.deviceId;
  reading.source = v.source;
  reading.measuredAt = v.measuredAt;
  reading.measuredAtMs = at.epochMs;
  reading.utcOffsetMinutes = at.utcOffsetMinutes;
  if (v.windowSeconds != null) reading.windowSeconds = v.windowSeconds;
  reading.context = v.context ?? 'unknown';
  if (v.rmssdMs != null) reading.rmssdMs = v.rmssdMs;
  if (v.sdnnMs != null) reading.sdnnMs = v.sdnnMs;
  if (v.rrIntervalsMs?.length) reading.rrIntervalsMs = v.rrIntervalsMs;
  if (v.restingHrBpm != null) reading.restingHrBpm = v.restingHrBpm;
  return { ok: true, reading };
}

function plausibleRr(x: unknown): boolean {
  return typeof x === 'number' && x >= PLAUSIBLE.rrMs.min && x <= PLAUSIBLE.rrMs.max;
}

export function validateSleepV1(value: JsonObject, clock: ClockOptions): DecodeResult {
  let v = fastSleepV1(value);
  if (v === undefined) {
    const parsed = sleepV1Schema.safeParse(value);
    if (!parsed.success) return { ok: false, error: issueToRejection(parsed.error.issues[0]!) };
    v = parsed.data;
  }
  const start = parseTimestamp(v.startAt)!;
  const end = parseTimestamp(v.endAt)!;
  if (end.epochMs <= start.epochMs) {
    return reject('SLEEP_ENDS_BEFORE_START', 'endAt', 'must be after startAt');
  }
  if (end.epochMs - start.epochMs > MAX_SLEEP_MS) {
    return reject('OUT_OF_RANGE', 'endAt', 'sleep must last at most 24 hours');
  }
  const clockError = tooOld(start.epochMs, 'startAt') ?? inFuture(end.epochMs, 'endAt', clock);
  if (clockError) return clockError;
  const stages = v.stagesMin ? sentStages(v.stagesMin) : undefined;
  if (stages) {
    // summed in key order, as the stages were always added up
    const total = (stages.awake ?? 0) + (stages.light ?? 0) + (stages.deep ?? 0) + (stages.rem ?? 0);
    const durationMin = (end.epochMs - start.epochMs) / 60_000;
    if (total > durationMin + STAGE_SUM_TOLERANCE_MIN) {
      return reject('OUT_OF_RANGE', 'stagesMin', 'stage minutes add up to more than the sleep duration');
    }
  }
  // as in validateHrvV1: key by key, in the readings' order, leaving out what was not sent
  const reading = {
    kind: 'sleep',
    readingId: v.readingId.toLowerCase(),
    subjectId: v.subjectId,
  } as SleepReading;
  if (v.deviceId != null) reading.deviceId = v.deviceId;
  reading.source = v.source;
  reading.startAt = v.startAt;
  reading.startAtMs = start.epochMs;
  reading.endAt = v.endAt;
  reading.endAtMs = end.epochMs;
  reading.utcOffsetMinutes = end.utcOffsetMinutes;
  reading.isMainSleep = v.isMainSleep;
  if (stages) reading.stagesMin = stages;
  if (v.efficiency != null) reading.efficiency = v.efficiency;
  if (v.restingHrBpm != null) reading.restingHrBpm = v.restingHrBpm;
  if (v.avgRmssdMs != null) reading.avgRmssdMs = v.avgRmssdMs;
  if (v.avgSdnnMs != null) reading.avgSdnnMs = v.avgSdnnMs;
  return { ok: true, reading };
}

/** The stages that were sent (not null), or undefined if none was. */
function sentStages(s: NonNullable<SleepV1['stagesMin']>): SleepReading['stagesMin'] {
  if (s.awake == null && s.light == null && s.deep == null && s.rem == null) return undefined;
  const out: SleepReading['stagesMin'] = {};
  if (s.awake != null) out.awake = s.awake;
  if (s.light != null) out.light = s.light;
  if (s.deep != null) out.deep = s.deep;
  if (s.rem != null) out.rem = s.rem;
  return out;
}

function tooOld(epochMs: number, path: string): DecodeResult | undefined {
  return epochMs < EARLIEST_MS
    ? reject('TIMESTAMP_TOO_OLD', path, 'must not be before 2000-01-01')
    : undefined;
}

function inFuture(epochMs: number, path: string, clock: ClockOptions): DecodeResult | undefined {
  return epochMs > clock.nowMs + clock.maxFutureMs
    ? reject('TIMESTAMP_IN_FUTURE', path, 'must not be later than the allowed clock skew after now')
    : undefined;
}
