import { z } from 'zod';

/** `self-report`: the person's own check-ins (stress and sleep quality, 1–5) are stored. */
export const SCOPES = ['ingest', 'early-warning', 'aggregate-trends', 'self-report'] as const;
export type Scope = (typeof SCOPES)[number];

/** `HH:MM-HH:MM`, local wall-clock times. */
export const QUIET_HOURS = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** `21:00-07:30` → { start: '21:00', end: '07:30' }, as the nudge planner takes them. */
export function quietHoursOf(s: string): { start: string; end: string } {
  return { start: s.slice(0, 5), end: s.slice(6) };
}

const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'no control or format characters');

/** consent.v1 (compacted, key subjectId; null value = tombstone after erasure). */
export const consentRecordSchema = z.object({
  subjectId: identifier,
  status: z.enum(['granted', 'revoked']),
  scopes: z.array(z.enum(SCOPES)).max(SCOPES.length),
  cohorts: z
    .array(
      z
        .string()
        .min(1)
        .max(64)
        .regex(/^[a-z0-9:_-]+$/),
    )
    .max(20)
    .default([]),
  policyVersion: z.string().min(1).max(32),
  at: z.iso.datetime({ offset: true }),
  erase: z.boolean().default(false),
  /** IANA time zone of the person, for quiet hours and naming nights. */
  timeZone: z.string().max(64).optional(),
  /** The person's own quiet hours, local `HH:MM-HH:MM` (equal times: none); else NUDGE_QUIET_HOURS. */
  quietHours: z.string().regex(QUIET_HOURS).optional(),
});

export type ConsentRecord = z.output<typeof consentRecordSchema>;
