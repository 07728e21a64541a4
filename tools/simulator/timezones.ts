// Offsets of the simulated home zones at a UTC instant, with their DST rules written out (EU, US,
// southern Australia), so that the simulator does not depend on the ICU data of a Node build.

const DAY = 86_400_000;
type Rule = 'eu' | 'us' | 'au' | 'none';

export const ZONES: Record<string, { std: number; rule: Rule }> = {
  'Europe/London': { std: 0, rule: 'eu' },
  'Europe/Berlin': { std: 60, rule: 'eu' },
  'America/New_York': { std: -300, rule: 'us' },
  'America/Chicago': { std: -360, rule: 'us' },
  'Asia/Kolkata': { std: 330, rule: 'none' },
  'Australia/Sydney': { std: 600, rule: 'au' },
};

/** A zone name from ZONES, or "UTC+HH:MM"-style fixed offsets written as `fixed:<minutes>`. */
export function offsetAt(zone: string, utcMs: number): number {
  if (zone.startsWith('fixed:')) return Number(zone.slice(6));
  const z = ZONES[zone];
  if (!z) throw new Error(`unknown zone ${zone}`);
  const y = new Date(utcMs).getUTCFullYear();
  switch (z.rule) {
    case 'eu':
      return utcMs >= nthSunday(y, 2, -1) + 1 * 3_600_000 && utcMs < nthSunday(y, 9, -1) + 3_600_000
        ? z.std + 60
        : z.std;
    case 'us': {
      const start = nthSunday(y, 2, 2) + 2 * 3_600_000 - z.std * 60_000;
      const end = nthSunday(y, 10, 1) + 2 * 3_600_000 - (z.std + 60) * 60_000;
      return utcMs >= start && utcMs < end ? z.std + 60 : z.std;
    }
    case 'au': {
      const end = nthSunday(y, 3, 1) + 3 * 3_600_000 - (z.std + 60) * 60_000;
      const start = nthSunday(y, 9, 1) + 2 * 3_600_000 - z.std * 60_000;
      return utcMs < end || utcMs >= start ? z.std + 60 : z.std;
    }
    default:
      return z.std;
  }
}

/** UTC instant of a local wall-clock time (ms since epoch as if local were UTC) in a zone. */
export function localToUtc(zone: string, localMs: number): number {
  const guess = localMs - offsetAt(zone, localMs - (ZONES[zone]?.std ?? 0) * 60_000) * 60_000;
  return localMs - offsetAt(zone, guess) * 60_000;
}

/** 00:00 UTC of the n-th Sunday (n = -1: the last) of a month (0-based). */
function nthSunday(year: number, month: number, n: number): number {
  if (n < 0) {
    const last = Date.UTC(year, month + 1, 0);
    return last - new Date(last).getUTCDay() * DAY;
  }
  const first = Date.UTC(year, month, 1);
  const firstSunday = first + ((7 - new Date(first).getUTCDay()) % 7) * DAY;
  return firstSunday + (n - 1) * 7 * DAY;
}
