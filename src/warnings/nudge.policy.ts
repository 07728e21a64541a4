// The one nudge-rate policy: not within `cooldownDays` of the last nudge and not more than
// `weeklyCap` in any 7 days. Two clocks apply the same rule with the same constants: the warnings
// in event time (wake dates, so replays decide the same), and delivery in elapsed wall-clock time
// (so a replay of months of nights cannot send a burst, and a DST change cannot shorten a gap).
import { NUDGE_SLOTS } from './person.state';

export interface NudgeRate {
  cooldownDays: number;
  /** At most this many nudges in any 7 days (≤ NUDGE_SLOTS in event time). */
  weeklyCap: number;
}

export const NUDGE_RATE: Readonly<NudgeRate> = Object.freeze({ cooldownDays: 3, weeklyCap: 2 });

export interface RateBlock {
  reason: 'cooldown' | 'weekly-cap';
  /** The earliest time (in the unit of `times`) at which the same nudge would pass. */
  until: number;
}

/**
 * The rule over times in any unit (`day` units per day), oldest first; null when a nudge at `now`
 * may go. An escalation (watch → warning) passes the cooldown but never the weekly cap.
 */
export function rateBlock(
  times: readonly number[],
  now: number,
  day: number,
  rate: NudgeRate,
  escalation = false,
): RateBlock | null {
  let blocked: RateBlock | null = null;
  const last = times.at(-1);
  if (last !== undefined && !escalation && now - last < rate.cooldownDays * day) {
    blocked = { reason: 'cooldown', until: last + rate.cooldownDays * day };
  }
  const inWindow = times.filter((t) => t > now - 7 * day);
  if (inWindow.length >= rate.weeklyCap) {
    // allowed again once enough of the window's nudges have aged out to leave room for one more
    const until = inWindow[inWindow.length - rate.weeklyCap]! + 7 * day;
    if (!blocked || until > blocked.until) blocked = { reason: 'weekly-cap', until };
  }
  return blocked;
}

/** Event time: may a rise in level on wake day `day` ask for a nudge? */
export function nudgeAllowed(nudgeDays: readonly number[], day: number, cfg: NudgeRate): boolean {
  const rate = { ...cfg, weeklyCap: Math.min(cfg.weeklyCap, NUDGE_SLOTS) };
  return rateBlock(nudgeDays, day, 1, rate) === null;
}

export function recordNudge(nudgeDays: number[], day: number): void {
  nudgeDays.push(day);
  if (nudgeDays.length > NUDGE_SLOTS) nudgeDays.shift();
}
