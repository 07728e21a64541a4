// zod schemas for the canonical wire shapes hrv.v1 and sleep.v1 (DESIGN §2). Unknown extra fields
// are stripped, never fatal; a null optional field counts as absent. Cross-field rules (a measure
// present, end after start, clock checks) live in canonical.validate.ts.
import { z } from 'zod';
import { identifierProblem } from './identifier';
import { SOURCES } from './reading.types';
import { parseTimestamp } from './timestamp';
import { rejectWith } from './zod-rejection';

/** Physiologically plausible bounds; values outside are sensor or unit errors, not people. */
export const PLAUSIBLE = {
  hrvMs: { min: 1, max: 300 },
  rrMs: { min: 250, max: 2500 },
  heartRateBpm: { min: 25, max: 220 },
  efficiency: { min: 0, max: 1 },
  stageMinutes: { min: 0, max: 1440 },
  windowSeconds: { min: 1, max: 86_400 },
} as const;
export const MAX_RR_INTERVALS = 20_000;
export const MAX_SLEEP_MS = 24 * 60 * 60 * 1000;

const identifier = z.string().superRefine((s, ctx) => {
  const problem = identifierProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: rejectWith('INVALID_IDENTIFIER') });
});

export const TIMESTAMP_RULE = 'must be an ISO-8601 date-time with UTC offset, e.g. 2026-11-20T03:10:00+01:00';
const timestamp = z.string().superRefine((s, ctx) => {
  if (!parseTimestamp(s)) {
    ctx.addIssue({ code: 'custom', message: TIMESTAMP_RULE, params: rejectWith('TIMESTAMP_INVALID') });
  }
});

const within = (range: { min: number; max: number }) => z.number().min(range.min).max(range.max);

export const hrvV1Schema = z.object({
  schema: z.literal('hrv.v1'),
  readingId: z.uuid(),
  subjectId: identifier,
  deviceId: identifier.nullish(),
  source: z.enum(SOURCES),
  measuredAt: timestamp,
  windowSeconds: within(PLAUSIBLE.windowSeconds).nullish(),
  context: z.enum(['sleep', 'rest', 'unknown']).nullish(),
  rmssdMs: within(PLAUSIBLE.hrvMs).nullish(),
  sdnnMs: within(PLAUSIBLE.hrvMs).nullish(),
  rrIntervalsMs: z.array(within(PLAUSIBLE.rrMs)).max(MAX_RR_INTERVALS).nullish(),
  restingHrBpm: within(PLAUSIBLE.heartRateBpm).nullish(),
});

const stageMinutes = within(PLAUSIBLE.stageMinutes).nullish();

export const sleepV1Schema = z.object({
  schema: z.literal('sleep.v1'),
  readingId: z.uuid(),
  subjectId: identifier,
  deviceId: identifier.nullish(),
  source: z.enum(SOURCES),
  startAt: timestamp,
  endAt: timestamp,
  isMainSleep: z.boolean(),
  stagesMin: z
    .object({ awake: stageMinutes, light: stageMinutes, deep: stageMinutes, rem: stageMinutes })
    .nullish(),
  efficiency: within(PLAUSIBLE.efficiency).nullish(),
  restingHrBpm: within(PLAUSIBLE.heartRateBpm).nullish(),
  avgRmssdMs: within(PLAUSIBLE.hrvMs).nullish(),
  avgSdnnMs: within(PLAUSIBLE.hrvMs).nullish(),
});

export type HrvV1 = z.infer<typeof hrvV1Schema>;
export type SleepV1 = z.infer<typeof sleepV1Schema>;
