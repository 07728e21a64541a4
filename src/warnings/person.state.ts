// Everything Respite remembers about one person, partition-local (keyed like the readings): the
// baseline ring plus the warning level, the CuSum statistic, the days each signal has been off, and
// recent nudge dates. Serialized as a fixed 750-byte little-endian record (version byte first), so a
// state can be checkpointed beside the consumer offsets and restored bit for bit. A version-1 record
// (748 bytes, before the CuSum) still restores, with S = 0: the baselines survive an upgrade.
import {
  BASELINE_BYTES,
  type BaselineState,
  createBaselineState,
  readBaseline,
  writeBaseline,
} from '../baseline/baseline.state';
import { CUSUM_STEP, type LevelCode } from './warning.rules';

export const STATE_VERSION = 2;
export const NUDGE_SLOTS = 4;
const V1_HEADER_BYTES = 2 + 3 + 4 * NUDGE_SLOTS;
const HEADER_BYTES = V1_HEADER_BYTES + 2;
export const STATE_BYTES = HEADER_BYTES + BASELINE_BYTES;
const V1_STATE_BYTES = V1_HEADER_BYTES + BASELINE_BYTES;

export interface PersonState {
  baseline: BaselineState;
  level: LevelCode;
  /** CuSum statistic S ≥ 0 of the nightly scores, on a 1/1024 grid (warning.rules.ts). */
  cusum: number;
  /** Evaluated nights in a row each contract signal (hrv, rhr, sleep) was off its band. */
  offDays: [number, number, number];
  /** Day numbers of the latest nudges, oldest first, at most NUDGE_SLOTS. */
  nudgeDays: number[];
}

export function createPersonState(): PersonState {
  return { baseline: createBaselineState(), level: 0, cusum: 0, offDays: [0, 0, 0], nudgeDays: [] };
}

export function serializeState(s: PersonState): Buffer {
  const buf = Buffer.alloc(STATE_BYTES);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  v.setUint8(0, STATE_VERSION);
  v.setUint8(1, s.level);
  for (let i = 0; i < 3; i++) v.setUint8(2 + i, Math.min(255, s.offDays[i]!));
  for (let i = 0; i < NUDGE_SLOTS; i++) v.setInt32(5 + 4 * i, s.nudgeDays.at(i - NUDGE_SLOTS) ?? -1, true);
  v.setUint16(V1_HEADER_BYTES, Math.min(65_535, Math.round(s.cusum / CUSUM_STEP)), true);
  writeBaseline(s.baseline, v, HEADER_BYTES);
  return buf;
}

/** From serializeState's bytes, or their base64. Throws an Error with code STATE_INVALID on bad input. */
export function restoreState(data: Buffer | Uint8Array | string): PersonState {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : data;
  const v1 = bytes.byteLength === V1_STATE_BYTES && bytes[0] === 1;
  if (!v1 && (bytes.byteLength !== STATE_BYTES || bytes[0] !== STATE_VERSION)) {
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
    level: Math.min(2, v.getUint8(1)) as LevelCode,
    cusum: v1 ? 0 : v.getUint16(V1_HEADER_BYTES, true) * CUSUM_STEP,
    offDays: [v.getUint8(2), v.getUint8(3), v.getUint8(4)],
    nudgeDays,
    baseline: readBaseline(v, v1 ? V1_HEADER_BYTES : HEADER_BYTES),
  };
}
