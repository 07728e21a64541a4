// What one step of the warnings processor did: counted into metrics once the step has succeeded.
import type { NightStatus } from './warning.engine';

/** What one batch did, counted by the caller once it has succeeded (a retried batch counts once). */
export interface BatchSummary {
  nights: { status: NightStatus; reason: string }[];
  raised: ('watch' | 'warning')[];
  nudges: ('watch' | 'warning')[];
  skippedNoConsent: number;
  lateHrv: number;
  /** Nights evaluated at the cap, their HRV not known stored. */
  incomplete: number;
  /** Nights found in InfluxDB that were never evaluated (queued in a process that stopped). */
  recovered: number;
}

export const emptySummary = (): BatchSummary => ({
  nights: [],
  raised: [],
  nudges: [],
  skippedNoConsent: 0,
  lateHrv: 0,
  incomplete: 0,
  recovered: 0,
});

export function merge(sums: readonly BatchSummary[]): BatchSummary {
  const out = emptySummary();
  for (const s of sums) {
    out.nights.push(...s.nights);
    out.raised.push(...s.raised);
    out.nudges.push(...s.nudges);
    out.skippedNoConsent += s.skippedNoConsent;
    out.lateHrv += s.lateHrv;
    out.incomplete += s.incomplete;
    out.recovered += s.recovered;
  }
  return out;
}
