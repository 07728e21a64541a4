// Everything Respite remembers about one person, partition-local (keyed like the readings): the
// baseline ring plus the warning level, the CuSum statistic, the days each signal has been off,
// recent nudge dates, and the person's own calibration (#20). Serialized as a fixed 881-byte
// little-endian record (version byte first), so a state can be checkpointed beside the consumer
// offsets and restored bit for bit. Older records still restore: version 1 (748 bytes, before the
// CuSum) with S = 0, version 2 (750 bytes, before the calibration) with a neutral calibration,
// version 3 (881 bytes, before the minimum dwell) with the level's run taken as settled, so the
// baselines survive an upgrade. Version 4 packs the run into the level's byte.
import {
  BASELINE_BYTES,
  type BaselineState,
  createBaselineState,
  readBaseline,
  writeBaseline,
} from '../baseline/baseline.state';
import {
  neutralCalibration,
  PAIR_SCORE_GRID,
  PAIR_SLOTS,
  PAIR_X_GRID,
  type PersonalCalibration,
  RAISE_GRID,
} from './personal.calibration';
import { CUSUM_STEP, type LevelCode, type LevelRun, SETTLED_RUN } from './warning.rules';

export const STATE_VERSION = 4;
export const NUDGE_SLOTS = 4;
const V1_HEADER_BYTES = 2 + 3 + 4 * NUDGE_SLOTS;
const HEADER_BYTES = V1_HEADER_BYTES + 2;
/** A version-2 record (before the calibration); exported for the upgrade test. */
export const V2_STATE_BYTES = HEADER_BYTES + BASELINE_BYTES;
const V1_STATE_BYTES = V1_HEADER_BYTES + BASELINE_BYTES;
/** foldedUntilMs f64, raise u16, raiseDay i32, graceUntilDay i32, pair count u8, pairs (u8 stress, u8 sleep, i16 score). */
const CAL_BYTES = 8 + 2 + 4 + 4 + 1 + 4 * PAIR_SLOTS;
export const STATE_BYTES = V2_STATE_BYTES + CAL_BYTES;

export interface PersonState {
  baseline: BaselineState;
  level: LevelCode;
  /** How long the level has lasted (the minimum dwell); packed with the level in one byte. */
  run: LevelRun;
  /** CuSum statistic S ≥ 0 of the nightly scores, on a 1/1024 grid (warning.rules.ts). */
  cusum: number;
  /** Evaluated nights in a row each contract signal (hrv, rhr, sleep) was off its band. */
  offDays: [number, number, number];
  /** Day numbers of the latest nudges, oldest first, at most NUDGE_SLOTS. */
  nudgeDays: number[];
  /** What the person told Respite, folded (personal.calibration.ts); neutral without inputs. */
  calibration: PersonalCalibration;
}

export function createPersonState(): PersonState {
  return {
    baseline: createBaselineState(),
    level: 0,
    run: { ...SETTLED_RUN },
    cusum: 0,
    offDays: [0, 0, 0],
    nudgeDays: [],
    calibration: neutralCalibration(),
  };
}

export function serializeState(s: PersonState): Buffer {
  const buf = Buffer.alloc(STATE_BYTES);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  v.setUint8(0, STATE_VERSION);
  v.setUint8(1, s.level | (s.run.fromWarning ? 4 : 0) | (Math.min(31, s.run.nights) << 3));
  for (let i = 0; i < 3; i++) v.setUint8(2 + i, Math.min(255, s.offDays[i]!));
  for (let i = 0; i < NUDGE_SLOTS; i++) v.setInt32(5 + 4 * i, s.nudgeDays.at(i - NUDGE_SLOTS) ?? -1, true);
  v.setUint16(V1_HEADER_BYTES, Math.min(65_535, Math.round(s.cusum / CUSUM_STEP)), true);
  writeBaseline(s.baseline, v, HEADER_BYTES);
  writeCalibration(s.calibration, v, V2_STATE_BYTES);
  return buf;
}

function writeCalibration(c: PersonalCalibration, v: DataView, at: number): void {
  v.setFloat64(at, c.foldedUntilMs, true);
  v.setUint16(at + 8, Math.min(65_535, Math.round(c.raise / RAISE_GRID)), true);
  v.setInt32(at + 10, c.raiseDay, true);
  v.setInt32(at + 14, c.graceUntilDay, true);
  const n = Math.min(PAIR_SLOTS, c.pairStress.length);
  v.setUint8(at + 18, n);
  for (let i = 0; i < n; i++) {
    const p = at + 19 + 4 * i;
    v.setUint8(p, Math.round(c.pairStress[i]! / PAIR_X_GRID));
    v.setUint8(p + 1, Math.round(c.pairSleep[i]! / PAIR_X_GRID));
    v.setInt16(p + 2, Math.round(c.pairScore[i]! / PAIR_SCORE_GRID), true);
  }
}

function readCalibration(v: DataView, at: number): PersonalCalibration {
  const n = Math.min(PAIR_SLOTS, v.getUint8(at + 18));
  const pairStress: number[] = [];
  const pairSleep: number[] = [];
  const pairScore: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = at + 19 + 4 * i;
    pairStress.push(v.getUint8(p) * PAIR_X_GRID);
    pairSleep.push(v.getUint8(p + 1) * PAIR_X_GRID);
    pairScore.push(v.getInt16(p + 2, true) * PAIR_SCORE_GRID);
  }
  return {
    foldedUntilMs: v.getFloat64(at, true),
    raise: v.getUint16(at + 8, true) * RAISE_GRID,
    raiseDay: v.getInt32(at + 10, true),
    graceUntilDay: v.getInt32(at + 14, true),
    pairStress,
    pairSleep,
    pairScore,
  };
}

/** From serializeState's bytes, or their base64. Throws an Error with code STATE_INVALID on bad input. */
export function restoreState(data: Buffer | Uint8Array | string): PersonState {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : data;
  const v1 = bytes.byteLength === V1_STATE_BYTES && bytes[0] === 1;
  const v2 = bytes.byteLength === V2_STATE_BYTES && bytes[0] === 2;
  const v3 = bytes.byteLength === STATE_BYTES && bytes[0] === 3;
  const v4 = bytes.byteLength === STATE_BYTES && bytes[0] === STATE_VERSION;
  if (!v1 && !v2 && !v3 && !v4) {
    throw Object.assign(new Error(`expected ${STATE_BYTES} bytes of state version ${STATE_VERSION}`), {
      code: 'STATE_INVALID',
      path: '',
    });
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nudgeDays: number[] = [];
  for (let i = 0; i < NUDGE_SLOTS; i++) {
    const d = v.getInt32(5 + 4 * i, true);
    if (d >= 0) nudgeDays.push(d);
  }
  return {
    level: Math.min(2, v.getUint8(1) & 3) as LevelCode,
    run: v4 ? { nights: v.getUint8(1) >> 3, fromWarning: (v.getUint8(1) & 4) !== 0 } : { ...SETTLED_RUN },
    cusum: v1 ? 0 : v.getUint16(V1_HEADER_BYTES, true) * CUSUM_STEP,
    offDays: [v.getUint8(2), v.getUint8(3), v.getUint8(4)],
    nudgeDays,
    baseline: readBaseline(v, v1 ? V1_HEADER_BYTES : HEADER_BYTES),
    calibration: v1 || v2 ? neutralCalibration() : readCalibration(v, V2_STATE_BYTES),
  };
}
