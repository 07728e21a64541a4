import type { Level } from './nudge.schema';

/** A nudge already delivered to (or scheduled for) the person; `at` is its delivery time. */
export interface DeliveryRecord {
  at: Date | string;
  level: Level;
}

export interface DeliveryPolicy {
  /** Minimum gap between nudges, unless the new one escalates watch → warning. */
  cooldownMs: number;
  /** At most `maxPerWindow` nudges in any rolling `windowMs`; escalation does not lift this cap. */
  maxPerWindow: number;
  windowMs: number;
}

const DAY_MS = 86_400_000;

/** Elapsed time, not calendar days: a DST change or a zone change must not shorten the gap. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  cooldownMs: 3 * DAY_MS,
  maxPerWindow: 2,
  windowMs: 7 * DAY_MS,
};

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
  policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
): DeliveryDecision {
  const times = history
    .map((h) => ({ t: new Date(h.at).getTime(), level: h.level }))
    .sort((a, b) => a.t - b.t);
  const now = at.getTime();
  const last = times[times.length - 1];
  const escalation = last !== undefined && last.level === 'watch' && level === 'warning';

  let blocked: { reason: 'cooldown' | 'weekly-cap'; until: number } | undefined;
  if (last && !escalation && now - last.t < policy.cooldownMs) {
    blocked = { reason: 'cooldown', until: last.t + policy.cooldownMs };
  }
  const inWindow = times.filter((h) => h.t > now - policy.windowMs);
  if (inWindow.length >= policy.maxPerWindow) {
    // Allowed again once enough of the window's nudges have aged out to leave room for one more.
    const until = inWindow[inWindow.length - policy.maxPerWindow]!.t + policy.windowMs;
    if (!blocked || until > blocked.until) blocked = { reason: 'weekly-cap', until };
  }
  return blocked
    ? { allowed: false, reason: blocked.reason, until: new Date(blocked.until) }
    : { allowed: true, escalation };
}
