import { NUDGE_RATE, type NudgeRate, rateBlock } from '../../warnings/nudge.policy';
import type { Level } from '../nudge.schema';

/** A nudge already delivered to (or scheduled for) the person; `at` is its delivery time. */
export interface DeliveryRecord {
  at: Date | string;
  level: Level;
}

/** The nudge-rate policy (warnings/nudge.policy.ts), here applied in elapsed time, not calendar days. */
export type DeliveryPolicy = NudgeRate;

const DAY_MS = 86_400_000;

export type DeliveryDecision =
  | { allowed: true; escalation: boolean }
  | { allowed: false; reason: 'cooldown' | 'weekly-cap'; until: Date };

/**
 * May a nudge of `level` be delivered at `at` (usually nextDeliveryTime(now))? Pure over the
 * person's history, which should include nudges scheduled but not yet delivered. On `false`,
 * `until` is the earliest instant the same nudge would pass; the warning rules will have
 * re-evaluated by then, so callers normally drop it rather than queue it.
 */
export function checkDelivery(
  history: readonly DeliveryRecord[],
  level: Level,
  at: Date,
  policy: DeliveryPolicy = NUDGE_RATE,
): DeliveryDecision {
  const times = history
    .map((h) => ({ t: new Date(h.at).getTime(), level: h.level }))
    .sort((a, b) => a.t - b.t);
  const now = at.getTime();
  const last = times[times.length - 1];
  const escalation = last !== undefined && last.level === 'watch' && level === 'warning';

  const blocked = rateBlock(
    times.map((h) => h.t),
    now,
    DAY_MS,
    policy,
    escalation,
  );
  return blocked
    ? { allowed: false, reason: blocked.reason, until: new Date(blocked.until) }
    : { allowed: true, escalation };
}
