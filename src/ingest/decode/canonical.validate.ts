// Validates a canonical hrv.v1 / sleep.v1 object (from the wire or built by a vendor adapter) and
// builds the Reading: field rules via zod, then the rules that span fields or need the clock.
import { hrvV1Schema, MAX_RR_INTERVALS, MAX_SLEEP_MS, PLAUSIBLE, sleepV1Schema } from './canonical.schema';
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

export function validateHrvV1(value: JsonObject, clock: ClockOptions): DecodeResult {
  // Checked before zod so a 30k-entry array fails fast, and with its own code, not per entry.
  const rr = value.rrIntervalsMs;
  if (Array.isArray(rr) && rr.length > MAX_RR_INTERVALS) {
    return reject('ARRAY_TOO_LONG', 'rrIntervalsMs', `must have at most ${MAX_RR_INTERVALS} entries`);
  }
  // zod checks every entry of an RR array on its own (thousands per reading); a valid array is
  // checked here in one loop and kept out of zod, an invalid one goes to zod for its precise error.
  const rrValid = Array.isArray(rr) && rr.every(plausibleRr);
  const parsed = hrvV1Schema.safeParse(rrValid ? { ...value, rrIntervalsMs: undefined } : value);
  if (!parsed.success) return { ok: false, error: issueToRejection(parsed.error.issues[0]!) };
  const v = rrValid ? { ...parsed.data, rrIntervalsMs: rr as number[] } : parsed.data;
  if (v.rmssdMs == null && v.sdnnMs == null && (v.rrIntervalsMs == null || v.rrIntervalsMs.length === 0)) {
    return reject('MEASURE_MISSING', '', 'needs at least one of rmssdMs, sdnnMs, rrIntervalsMs');
  }
  const at = parseTimestamp(v.measuredAt)!;
  const clockError = tooOld(at.epochMs, 'measuredAt') ?? inFuture(at.epochMs, 'measuredAt', clock);
  if (clockError) return clockError;
  const reading: HrvReading = compact({
    kind: 'hrv',
    readingId: v.readingId.toLowerCase(),
    subjectId: v.subjectId,
    deviceId: v.deviceId ?? undefined,
    source: v.source,
    measuredAt: v.measuredAt,
    measuredAtMs: at.epochMs,
    utcOffsetMinutes: at.utcOffsetMinutes,
    windowSeconds: v.windowSeconds ?? undefined,
    context: v.context ?? 'unknown',
    rmssdMs: v.rmssdMs ?? undefined,
    sdnnMs: v.sdnnMs ?? undefined,
    rrIntervalsMs: v.rrIntervalsMs?.length ? v.rrIntervalsMs : undefined,
    restingHrBpm: v.restingHrBpm ?? undefined,
  });
  return { ok: true, reading };
}

function plausibleRr(x: unknown): boolean {
  return typeof x === 'number' && x >= PLAUSIBLE.rrMs.min && x <= PLAUSIBLE.rrMs.max;
}

export function validateSleepV1(value: JsonObject, clock: ClockOptions): DecodeResult {
  const parsed = sleepV1Schema.safeParse(value);
  if (!parsed.success) return { ok: false, error: issueToRejection(parsed.error.issues[0]!) };
  const v = parsed.data;
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
  const s = v.stagesMin;
  const stages: SleepReading['stagesMin'] = s
    ? compact({
        awake: s.awake ?? undefined,
        light: s.light ?? undefined,
        deep: s.deep ?? undefined,
        rem: s.rem ?? undefined,
      })
    : undefined;
  if (stages) {
    const total = Object.values(stages).reduce<number>((sum, m) => sum + m, 0);
    const durationMin = (end.epochMs - start.epochMs) / 60_000;
    if (total > durationMin + STAGE_SUM_TOLERANCE_MIN) {
      return reject('OUT_OF_RANGE', 'stagesMin', 'stage minutes add up to more than the sleep duration');
    }
  }
  const reading: SleepReading = compact({
    kind: 'sleep',
    readingId: v.readingId.toLowerCase(),
    subjectId: v.subjectId,
    deviceId: v.deviceId ?? undefined,
    source: v.source,
    startAt: v.startAt,
    startAtMs: start.epochMs,
    endAt: v.endAt,
    endAtMs: end.epochMs,
    utcOffsetMinutes: end.utcOffsetMinutes,
    isMainSleep: v.isMainSleep,
    stagesMin: stages && Object.keys(stages).length > 0 ? stages : undefined,
    efficiency: v.efficiency ?? undefined,
    restingHrBpm: v.restingHrBpm ?? undefined,
    avgRmssdMs: v.avgRmssdMs ?? undefined,
    avgSdnnMs: v.avgSdnnMs ?? undefined,
  });
  return { ok: true, reading };
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

/** Drops null and undefined properties so readings carry only what was sent. */
function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] != null) out[k] = o[k];
  return out as T;
}
