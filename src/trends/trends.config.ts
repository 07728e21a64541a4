import { z } from 'zod';
import { TrendsError } from './trends.types';

const num = () => z.coerce.number().refine(Number.isFinite, 'expected a finite number');

/**
 * Privacy settings of the trend feeds (DESIGN §3 invariant 4), validated once at start.
 * Numbers are coerced so the config module can pass environment strings straight in.
 */
export const trendPrivacySchema = z
  .object({
    /** Minimum distinct contributors behind any published figure; below 5 nobody is hidden. */
    k: num().pipe(z.number().int().min(5, 'k must be at least 5').max(10_000)).default(10),
    /** Epsilon spent per released record (split across its fresh metrics); 0 turns noise off. */
    epsilon: num().pipe(z.number().min(0).max(10)).default(0),
    /** Epsilon a cohort may spend per UTC day; once spent it publishes nothing new that day. */
    dailyEpsilonBudget: num().pipe(z.number().positive().max(100)).default(3),
    /** Published figures are rounded to these steps to blunt precision attacks. */
    rounding: z
      .object({
        median: num().pipe(z.number().positive().max(1)).default(0.1),
        share: num().pipe(z.number().positive().max(0.25)).default(0.05),
      })
      .prefault({}),
  })
  .refine((c) => c.epsilon === 0 || c.dailyEpsilonBudget >= c.epsilon, {
    message: 'dailyEpsilonBudget is below epsilon, so nothing could ever be published',
    path: ['dailyEpsilonBudget'],
  });

export type TrendPrivacyConfig = z.output<typeof trendPrivacySchema>;

/** Parses trend privacy settings; a bad value throws naming the field. */
export function parseTrendPrivacy(input: unknown): TrendPrivacyConfig {
  const r = trendPrivacySchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  trends.${i.path.join('.')}: ${i.message}`);
  const path = `trends.${r.error.issues[0]?.path.join('.') ?? ''}`;
  throw new TrendsError('trends-config-invalid', `invalid trend privacy config:\n${lines.join('\n')}`, path);
}
