// What Respite remembers about one person to judge their nights, in words a person can read: their
// copy of it in GET /v1/me/export (GDPR Art. 15). The state itself is a compact binary record
// (person.state.ts); this names its parts. Pure.
import { dateOfDay } from '../night/night';
import type { PersonState } from './person.state';
import { checkInWeight, raiseOn } from './personal.calibration';

export interface StateSummary {
  /** The level of the latest evaluated night. */
  level: 'none' | 'watch' | 'warning';
  /**
   * Evaluated nights at this level, counted up to 31 ("31 or more"; 0 before any night): a warning that stepped down to
   * watch comes back only after the watch has lasted a few nights, so the level does not flicker.
   */
  levelNights: number;
  /** The level is watch because a warning stepped down (evidence fell, signals not yet back). */
  steppedDown: boolean;
  /** The evidence collected over recent nights (CuSum statistic; 0 = none). */
  evidence: number;
  /** Wake date of the latest night recorded; null before any. */
  lastNight: string | null;
  /** Nights that led to a nudge, latest last (what the nudge cooldown and weekly cap count). */
  nudgeNights: string[];
  /** What the person's own answers changed (#20). */
  calibration: {
    /** Added to the evidence a night must exceed, from "this note didn't help"; fades by half every 3 weeks. */
    thresholdRaise: number;
    /** Nights through this date cannot add evidence: a passing cause the person named. */
    explainedThrough: string | null;
    /** Check-in nights compared with the person's own nights. */
    checkInNights: number;
    /** How much the person's check-ins count (0 to 1), from how well they agreed with their nights. */
    checkInWeight: number;
  };
}

const LEVELS = ['none', 'watch', 'warning'] as const;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function summarizeState(s: PersonState): StateSummary {
  const last = s.baseline.lastDay;
  const c = s.calibration;
  return {
    level: LEVELS[s.level]!,
    levelNights: last >= 0 ? s.run.nights : 0,
    steppedDown: s.run.fromWarning,
    evidence: round3(s.cusum),
    lastNight: last >= 0 ? dateOfDay(last) : null,
    nudgeNights: s.nudgeDays.map(dateOfDay),
    calibration: {
      thresholdRaise: round3(raiseOn(c, Math.max(last, 0))),
      explainedThrough: c.graceUntilDay >= 0 ? dateOfDay(c.graceUntilDay) : null,
      checkInNights: c.pairStress.length,
      checkInWeight: round3(checkInWeight(c)),
    },
  };
}
