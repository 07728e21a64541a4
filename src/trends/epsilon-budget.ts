import { TrendsError } from './trends.types';

/**
 * Epsilon spent per cohort and UTC day, as a plain JSON-able map (`cohortId|YYYY-MM-DD` → spent).
 * Sequential composition: every release over the same people adds its epsilon, so a cohort stops
 * publishing new figures for the day once the next release would overspend.
 */
export type EpsilonLedger = Readonly<Record<string, number>>;

// Sums like 0.1 × 10 land a hair above 1; this tolerance keeps them within a budget of 1.
const TOLERANCE = 1e-9;

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function key(cohortId: string, day: string): string {
  return `${cohortId}|${day}`;
}

export function spent(ledger: EpsilonLedger, cohortId: string, day: string): number {
  return ledger[key(cohortId, day)] ?? 0;
}

export function canSpend(
  ledger: EpsilonLedger,
  cohortId: string,
  day: string,
  epsilon: number,
  dailyBudget: number,
): boolean {
  return spent(ledger, cohortId, day) + epsilon <= dailyBudget + TOLERANCE;
}

/** A new ledger with `epsilon` charged; refuses to overspend rather than clamp. */
export function spend(
  ledger: EpsilonLedger,
  cohortId: string,
  day: string,
  epsilon: number,
  dailyBudget: number,
): EpsilonLedger {
  if (!canSpend(ledger, cohortId, day, epsilon, dailyBudget)) {
    throw new TrendsError(
      'epsilon-budget-exceeded',
      `epsilon budget of ${cohortId} for ${day} exceeded`,
      'epsilon',
    );
  }
  return { ...ledger, [key(cohortId, day)]: spent(ledger, cohortId, day) + epsilon };
}

/** Drops days before `day` (YYYY-MM-DD); they can no longer be spent on. */
export function pruneLedger(ledger: EpsilonLedger, day: string): EpsilonLedger {
  return Object.fromEntries(Object.entries(ledger).filter(([k]) => k.slice(k.lastIndexOf('|') + 1) >= day));
}
