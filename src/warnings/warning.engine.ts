// The per-person warning state machine, one night at a time in event time (wake-date order).
// Pure and deterministic: the output depends only on the state and the night, never on a clock, so a
// replay of the same nights gives the same verdicts, and a restored state continues identically.
import { ALARM, flagsAt, setFlags } from '../baseline/baseline.state';
import { applyShiftIfReady, recordNight } from '../baseline/night.recorder';
import { dateOfDay, dayNumber, type NightInput } from '../night/night';
import { nudgeAllowed, recordNudge } from './nudge.policy';
import type { PersonState } from './person.state';
import {
  type CalibrationNote,
  checkInWeight,
  foldInputs,
  raiseOn,
  recordPair,
  withCheckIn,
} from './personal.calibration';
import { NO_PERSONAL_INPUTS, type PersonalInputs } from './personal.inputs';
import { DEFAULT_WARNING_CONFIG, type WarningConfig } from './warning.config';
import {
  assess,
  CONTRACT_SIGNALS,
  cusumStep,
  type LevelCode,
  NONE,
  nextLevel,
  nextRun,
  SETTLED_RUN,
  type SignalName,
} from './warning.rules';

export type Level = 'none' | 'watch' | 'warning';
const LEVELS: readonly Level[] = ['none', 'watch', 'warning'];

/** As in nudges.v1 `signals`. */
export interface NudgeSignal {
  signal: SignalName;
  value: number;
  baseline: number;
  band: [number, number];
  days: number;
}

/**
 * - evaluated: compared with the baseline; the level may change.
 * - held: recorded, but not evaluable (reason); the level stands: missing or unusable nights neither
 *   raise nor clear a warning.
 * - late / duplicate: a night not after the latest one. Ignored, not re-evaluated: verdicts already
 *   given (and nudges sent) are never revised, and a replay in wake-date order gives the same answers
 *   as live operation. The caller should count these. `invalid`: wakeDate is not a date.
 */
export type NightStatus = 'evaluated' | 'held' | 'late' | 'duplicate' | 'invalid';
export type HoldReason = 'cold-start' | 'sparse' | 'no-data' | 'off-phase' | 'rebaseline';

export interface NightVerdict {
  /** The night's wake date (event time), as nudges.v1 `asOf`. */
  asOf: string;
  status: NightStatus;
  reason?: HoldReason;
  level: Level;
  /** Request a nudge for this night: the level rose to ≥ nudgeFrom, and cooldown and weekly cap allow it. */
  nudge: boolean;
  /** Signals off their band on the worse side; all available ones when the level is up and none is. */
  signals: NudgeSignal[];
  /** The night's score in baseline-scale units (diagnostics, not for the person). */
  score?: number;
  /** The CuSum statistic after this night (diagnostics, not for the person). */
  cusum?: number;
  /**
   * What the person's own calibration did on this night (#20), for explaining a nudge; absent while
   * the person has told Respite nothing that changes anything (then the verdict is physiology only).
   */
  personal?: CalibrationNote;
}

/**
 * Mutates `state`. `personal`: what the person told Respite before the night ended (#20); with none,
 * the verdict depends on the physiology alone.
 */
export function evaluateNight(
  state: PersonState,
  night: NightInput,
  cfg: WarningConfig = DEFAULT_WARNING_CONFIG,
  personal: PersonalInputs = NO_PERSONAL_INPUTS,
): NightVerdict {
  const day = dayNumber(night.wakeDate);
  const b = state.baseline;
  const stand = (status: NightStatus, reason?: HoldReason): NightVerdict => ({
    asOf: night.wakeDate,
    status,
    ...(reason ? { reason } : {}),
    level: LEVELS[state.level]!,
    nudge: false,
    signals: [],
  });
  if (Number.isNaN(day)) return stand('invalid');
  if (b.lastDay >= 0 && day < b.lastDay) return stand('late');
  if (day === b.lastDay) return stand('duplicate');

  const rec = recordNight(b, night, day, cfg);
  if (rec.restarted) {
    state.level = NONE;
    state.run = { ...SETTLED_RUN };
    state.cusum = 0;
    state.offDays = [0, 0, 0];
  }
  applyShiftIfReady(b, day, cfg);
  const cal = state.calibration;
  const folded = foldInputs(cal, personal, day);
  // a passing cause explains the evidence so far: start again (the level follows below or stands)
  if (folded.resetEvidence) state.cusum = 0;
  if (rec.offPhase) return stand('held', 'off-phase');
  if (!hasSignal(night)) return stand('held', 'no-data');
  if (b.shiftPending) return stand('held', 'rebaseline');
  const a = assess(b, day, cfg);
  if (!a.ok) return stand('held', a.reason);

  const prev = state.level;
  const prevCusum = state.cusum;
  const raise = raiseOn(cal, day);
  const ev = folded.checkIn === undefined ? undefined : withCheckIn(cal, a.score, folded.checkIn);
  if (folded.checkIn !== undefined) recordPair(cal, folded.checkIn, a.score);
  const explained = day <= cal.graceUntilDay;
  const k = cfg.cusumK + raise;
  const evidence = ev?.score ?? a.score;
  // while a passing cause explains the nights, they can drain the evidence but not build it
  state.cusum = cusumStep(prevCusum, explained ? Math.min(evidence, k) : evidence, {
    cusumK: k,
    cusumMax: cfg.cusumMax,
  });
  const level: LevelCode = nextLevel(prev, prevCusum, state.cusum, a.allInside, cfg, state.run);
  state.run = nextRun(prev, state.run, level);
  state.level = level;
  for (const [i, [name]] of CONTRACT_SIGNALS.entries()) {
    const view = a.signals.find((x) => x.signal === name);
    state.offDays[i] = view?.off ? Math.min(255, state.offDays[i]! + 1) : 0;
  }
  if (level > NONE) setFlags(b, day, flagsAt(b, day) | ALARM);
  const nudge = level > prev && level >= cfg.nudgeFrom && nudgeAllowed(state.nudgeDays, day, cfg);
  if (nudge) recordNudge(state.nudgeDays, day);

  const off = a.signals.filter((x) => x.off);
  const shown = off.length || level === NONE ? off : a.signals;
  const digits = (signal: SignalName) => (signal === 'hrv' ? 3 : 2);
  return {
    asOf: night.wakeDate,
    status: 'evaluated',
    level: LEVELS[level]!,
    nudge,
    signals: shown.map((x) => ({
      signal: x.signal,
      value: round(x.value, digits(x.signal)),
      baseline: round(x.baseline, digits(x.signal)),
      band: [round(x.band[0], digits(x.signal)), round(x.band[1], digits(x.signal))],
      days: state.offDays[CONTRACT_SIGNALS.findIndex(([n]) => n === x.signal)]!,
    })),
    score: round(a.score, 3),
    cusum: round(state.cusum, 3),
    ...calibrationNote(state, day, raise, ev),
  };
}

function calibrationNote(
  state: PersonState,
  day: number,
  raise: number,
  ev: { weight: number; z: number } | undefined,
): { personal?: CalibrationNote } {
  const cal = state.calibration;
  const weight = ev?.weight ?? checkInWeight(cal);
  const explained = day <= cal.graceUntilDay;
  if (raise === 0 && weight === 0 && !explained && ev === undefined) return {};
  return {
    personal: {
      thresholdShift: round(raise, 3),
      checkInWeight: round(weight, 3),
      checkInPairs: cal.pairStress.length,
      ...(ev ? { checkIn: round(ev.z, 2) } : {}),
      ...(explained ? { explainedThrough: dateOfDay(cal.graceUntilDay) } : {}),
    },
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A night without HRV, resting HR or sleep data is a missing night: it must not re-decide the old ones. */
function hasSignal(n: NightInput): boolean {
  return [n.lnRmssd, n.lnSdnn, n.rhrBpm, n.sleepH].some((x) => x !== undefined && Number.isFinite(x));
}
