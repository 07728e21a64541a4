// Whether a rise in level may ask for a nudge: not within `cooldownDays` of the last one and not more
// than `weeklyCap` in any 7 days. Counted in event time (wake dates), so replays decide the same.
import { NUDGE_SLOTS } from './person.state';

export function nudgeAllowed(
  nudgeDays: readonly number[],
  day: number,
  cfg: { cooldownDays: number; weeklyCap: number },
): boolean {
  const last = nudgeDays.at(-1);
  if (last !== undefined && day - last < cfg.cooldownDays) return false;
  return nudgeDays.filter((d) => day - d < 7).length < Math.min(cfg.weeklyCap, NUDGE_SLOTS);
}

export function recordNudge(nudgeDays: number[], day: number): void {
  nudgeDays.push(day);
  if (nudgeDays.length > NUDGE_SLOTS) nudgeDays.shift();
}
