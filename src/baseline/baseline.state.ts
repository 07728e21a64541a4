// The per-person memory of the baselines: the last 60 nights in a ring buffer of quantized uint16
// values (one slot per calendar day, so missing nights are simply empty slots), plus which device
// source and which HRV measure the baseline belongs to. About 730 bytes, serialized as they lie.
import { SOURCES } from '../ingest/decode/reading.types';

export const WINDOW_NIGHTS = 60;
/** Channels of a slot: ln HRV (one measure), resting HR, sleep hours, efficiency, midpoint. */
export const HRV = 0;
export const RHR = 1;
export const SLEEP = 2;
export const EFF = 3;
export const MID = 4;
export const CHANNELS = 5;
const STRIDE = CHANNELS + 1;

export const PRESENT = 1;
/** Slept far from the person's usual clock time (e.g. by day after a night shift). */
export const OFF_PHASE = 2;
/** Recorded with the previous device; excluded until the re-baseline shift. */
export const OLD_SEGMENT = 4;
/** Evaluated at watch or warning: kept out of the baseline, as CuSum's baseline only absorbs non-alarm days. */
export const ALARM = 8;

/** Value = (q − 1) / SCALE; q = 0 means missing. Resolutions: 0.00025 ln, 0.005 bpm, 2 s, 0.002 %, 1.5 s. */
const SCALE = [4096, 200, 2000, 60_000, 40];
const RANGE: readonly (readonly [number, number])[] = [
  [0, 5.9],
  [25, 220],
  [0, 24],
  [0, 1],
  [0, 1440],
];

export type HrvMeasure = 0 | 1 | 2; // none yet, ln RMSSD, ln SDNN

export interface BaselineState {
  /** Day number of the latest night recorded; -1 before the first. */
  lastDay: number;
  /** Index into SOURCES; -1 before the first night. */
  source: number;
  hrvMeasure: HrvMeasure;
  /** A device change was seen; old nights wait for the shift to the new device's level. */
  shiftPending: boolean;
  ring: Uint16Array;
}

export function createBaselineState(): BaselineState {
  return {
    lastDay: -1,
    source: -1,
    hrvMeasure: 0,
    shiftPending: false,
    ring: new Uint16Array(WINDOW_NIGHTS * STRIDE),
  };
}

export function sourceCode(source: string): number {
  const i = (SOURCES as readonly string[]).indexOf(source);
  return i >= 0 ? i : SOURCES.indexOf('other');
}

function slot(day: number): number {
  return (((day % WINDOW_NIGHTS) + WINDOW_NIGHTS) % WINDOW_NIGHTS) * STRIDE;
}

export function inWindow(s: BaselineState, day: number): boolean {
  return s.lastDay >= 0 && day <= s.lastDay && day > s.lastDay - WINDOW_NIGHTS;
}

export function flagsAt(s: BaselineState, day: number): number {
  return inWindow(s, day) ? s.ring[slot(day) + CHANNELS]! : 0;
}

export function setFlags(s: BaselineState, day: number, flags: number): void {
  if (inWindow(s, day)) s.ring[slot(day) + CHANNELS] = flags;
}

/** NaN when missing or outside the window. */
export function valueAt(s: BaselineState, day: number, ch: number): number {
  if (!inWindow(s, day)) return Number.NaN;
  const q = s.ring[slot(day) + ch]!;
  return q === 0 ? Number.NaN : (q - 1) / SCALE[ch]!;
}

/** Stores a value quantized; an absent or implausible one is stored as missing. */
export function setValue(s: BaselineState, day: number, ch: number, x: number | undefined): void {
  if (inWindow(s, day)) s.ring[slot(day) + ch] = quantum(ch, x);
}

/** A channel's value as the ring would hold it (NaN where it would be missing): the nights view (#21). */
export function quantized(ch: number, x: number | undefined): number {
  const q = quantum(ch, x);
  return q === 0 ? Number.NaN : (q - 1) / SCALE[ch]!;
}

function quantum(ch: number, x: number | undefined): number {
  const [lo, hi] = RANGE[ch]!;
  const ok = x !== undefined && Number.isFinite(x) && x >= lo && x <= hi;
  return ok ? Math.min(65_535, Math.round(x * SCALE[ch]!) + 1) : 0;
}

/** Moves the window forward to `day`, emptying the slots of the days skipped. */
export function advanceTo(s: BaselineState, day: number): void {
  const from = s.lastDay < 0 ? day - WINDOW_NIGHTS + 1 : Math.max(s.lastDay + 1, day - WINDOW_NIGHTS + 1);
  for (let d = from; d <= day; d++) s.ring.fill(0, slot(d), slot(d) + STRIDE);
  s.lastDay = day;
}

export const BASELINE_BYTES = 7 + WINDOW_NIGHTS * STRIDE * 2;

export function writeBaseline(s: BaselineState, v: DataView, at: number): number {
  v.setInt32(at, s.lastDay, true);
  v.setInt8(at + 4, s.source);
  v.setUint8(at + 5, s.hrvMeasure);
  v.setUint8(at + 6, s.shiftPending ? 1 : 0);
  for (let i = 0; i < s.ring.length; i++) v.setUint16(at + 7 + 2 * i, s.ring[i]!, true);
  return at + BASELINE_BYTES;
}

export function readBaseline(v: DataView, at: number): BaselineState {
  const s = createBaselineState();
  s.lastDay = v.getInt32(at, true);
  s.source = v.getInt8(at + 4);
  s.hrvMeasure = (v.getUint8(at + 5) % 3) as HrvMeasure;
  s.shiftPending = v.getUint8(at + 6) === 1;
  for (let i = 0; i < s.ring.length; i++) s.ring[i] = v.getUint16(at + 7 + 2 * i, true);
  return s;
}
