// The wellness team's part of `npm run demo` (issue #17): publishes what the schedule would have
// published over the replayed months, so the dashboard has weeks and nights to show, and prints
// a sign-in link to it when the app's demo sign-in is on.
import { DASHBOARD_DAYS, DASHBOARD_WEEKS, expectedPeriods } from '../src/trends/dashboard';
import type { TrendsService } from '../src/trends/trends.service';

/** The dashboard's weeks and nights, released in order as the daily and weekly jobs would have. */
export async function publishTeamHistory(trends: TrendsService, now = new Date()): Promise<void> {
  for (const p of expectedPeriods('weekly', DASHBOARD_WEEKS, now)) await trends.runPeriod(p, now);
  for (const p of expectedPeriods('daily', DASHBOARD_DAYS, now)) await trends.runPeriod(p, now);
}

/** The dashboard link for a wellness token, or null when the app does not take demo links. */
export function teamLink(base: string, token: string, env: NodeJS.ProcessEnv): string | null {
  return env.WEB_DEMO_SIGN_IN === 'true' ? `${base}/team#token=${token}` : null;
}
