import { z } from 'zod';

/** Signals and levels as the warning rules emit them (DESIGN §2, nudges.v1). */
export const signalSchema = z.enum(['hrv', 'rhr', 'sleep']);
export type Signal = z.infer<typeof signalSchema>;

export const levelSchema = z.enum(['watch', 'warning']);
export type Level = z.infer<typeof levelSchema>;

export const signalDeviationSchema = z.object({
  signal: signalSchema,
  value: z.number(),
  baseline: z.number(),
  band: z.tuple([z.number(), z.number()]),
  days: z.number().int().nonnegative(),
});
export type SignalDeviation = z.infer<typeof signalDeviationSchema>;

export const categorySchema = z.enum([
  'micro-recovery',
  'transition',
  'sleep',
  'self-compassion',
  'peer-support',
  'professional-support',
  'time-back',
  'workload',
]);
export type Category = z.infer<typeof categorySchema>;

/** A suggestion as it travels in nudges.v1. `evidence` is an extra field (readers ignore unknown fields). */
export const wireSuggestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  title: z.string().min(1).max(80),
  text: z.string().min(1).max(400),
  minutes: z.number().int().min(1).max(90),
  category: categorySchema,
  evidence: z.string().min(1).max(300),
});
export type WireSuggestion = z.infer<typeof wireSuggestionSchema>;

export const nudgeV1Schema = z.object({
  nudgeId: z.uuid(),
  subjectId: z.string().min(1).max(128),
  asOf: z.iso.date(),
  createdAt: z.iso.datetime({ offset: true }),
  level: levelSchema,
  signals: z.array(signalDeviationSchema),
  message: z.string().min(1).max(400),
  suggestions: z.array(wireSuggestionSchema).min(1).max(3),
  catalogVersion: z.string().min(1),
});
export type NudgeV1 = z.infer<typeof nudgeV1Schema>;
