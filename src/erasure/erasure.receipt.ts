import { z } from 'zod';

/**
 * What the person is told after an erasure: that it happened, when, and how much went, never what.
 * Kept under the pid (no subject identifier) on a topic that deletes it after its retention.
 */
export const receiptSchema = z.object({
  requestedAt: z.string().nullable(),
  /** null while the erasure is under way (points counted, not all deleted yet). */
  erasedAt: z.string().nullable(),
  /** Points deleted from InfluxDB, per measurement (hrv, sleep, daily, ...). */
  points: z.record(z.string(), z.number().int().nonnegative()),
  warningState: z.boolean(),
  inbox: z.boolean(),
});

export type ErasureReceipt = z.infer<typeof receiptSchema>;

export interface ErasedCounts {
  points: Record<string, number>;
  warningState: boolean;
  inbox: boolean;
}

/**
 * A repeat of the same request (after a crash, or the tombstone that follows it) finds less or
 * nothing left: it must not turn the first run's counts into zeros. The first run publishes its
 * counts before deleting (erasedAt null), so a crash half-way loses none of them.
 */
export function mergeReceipt(
  prior: ErasureReceipt | undefined,
  requestedAt: string | null,
  erasedAt: string | null,
  counts: ErasedCounts,
): ErasureReceipt {
  // a tombstone has no time of its own: it repeats the request before it unless it found something
  const found = counts.warningState || counts.inbox || Object.values(counts.points).some((n) => n > 0);
  if (prior !== undefined && requestedAt === null && !found && prior.erasedAt !== null) return prior;
  if (prior === undefined || prior.requestedAt !== requestedAt) return { requestedAt, erasedAt, ...counts };
  const points: Record<string, number> = { ...prior.points };
  for (const [m, n] of Object.entries(counts.points)) points[m] = Math.max(points[m] ?? 0, n);
  return {
    requestedAt: prior.requestedAt,
    erasedAt: prior.erasedAt ?? erasedAt,
    points,
    warningState: prior.warningState || counts.warningState,
    inbox: prior.inbox || counts.inbox,
  };
}

export function parseReceipt(value: Buffer | null): ErasureReceipt | undefined {
  if (value === null) return undefined;
  try {
    const r = receiptSchema.safeParse(JSON.parse(value.toString('utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
