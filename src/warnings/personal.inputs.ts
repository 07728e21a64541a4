// What a person told Respite that the warnings may learn from (issue #20): dismissals of their own
// nudges and their check-ins. The service gathers them (dismissals from the inbox, check-ins from
// InfluxDB, only with the consent scopes that allow them) and the pure engine folds them into the
// person's state. Every input carries the time it was given, and a night only sees inputs given
// before the night ended: a replay of stored data then gives the same verdicts as live operation.

/** Why the person dismissed a nudge: not helpful, or a passing cause that explains the signals. */
export const DISMISSAL_REASONS = ['not-helpful', 'late-night', 'travel', 'ill'] as const;
export type DismissalReason = (typeof DISMISSAL_REASONS)[number];

export interface Dismissal {
  /** The dismissed nudge's night (its `asOf`, a wake date YYYY-MM-DD). */
  asOf: string;
  reason: DismissalReason;
  /** When the person said it (epoch ms). */
  atMs: number;
}

export interface PersonalCheckIn {
  /** When the person answered (epoch ms). */
  atMs: number;
  /** 1 calm … 5 very stressed. */
  stress: number;
  /** 1 poorly … 5 very well. */
  sleepQuality: number;
}

/** Given before `untilMs` (the evaluated night's end), oldest first. Empty lists: today's behaviour. */
export interface PersonalInputs {
  dismissals: readonly Dismissal[];
  checkIns: readonly PersonalCheckIn[];
}

export const NO_PERSONAL_INPUTS: PersonalInputs = Object.freeze({ dismissals: [], checkIns: [] });
