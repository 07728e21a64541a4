import { z } from 'zod';

/** `self-report`: the person's own check-ins (stress and sleep quality, 1–5) are stored. */
export const SCOPES = ['ingest', 'early-warning', 'aggregate-trends', 'self-report'] as const;
export type Scope = (typeof SCOPES)[number];

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
});

export type ConsentRecord = z.output<typeof consentRecordSchema>;
