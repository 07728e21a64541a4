// How the night-sample cache lays a person's samples out in memory (NightAssembler keeps the
// policy: what is held, for whom, within which bounds).
import { SOURCES, type Source } from '../ingest/decode/reading.types';
import type { HrvSample } from './night.assemble';

// A person's samples are numbers in one Float64Array, STRIDE per sample (atMs, night, source, RMSSD,
// SDNN, resting HR; NaN for a value the reading did not have): 48 bytes a sample, none of them an
// object for the garbage collector to trace or to promote. As objects a sample took 208 bytes, and
// at a full bound the cache churned ~170 MiB of them per 1,000,000 readings through V8's old space.
const STRIDE = 6;
const AT = 0;
const NIGHT = 1;
const SRC = 2;
const RMSSD = 3;
const SDNN = 4;
const RHR = 5;

/** Bytes of one sample's slot. */
export const SAMPLE_BYTES = STRIDE * Float64Array.BYTES_PER_ELEMENT;
/**
 * Bytes of a person's entry besides its slots (the entry, its typed array and buffer, the Map slot
 * and the malloc'd store's header), measured with Node 24 (`scripts/bench/night-cache-memory.ts`).
 */
export const PERSON_BYTES = 320;
/**
 * Slots a person's array starts with (a watch sends a few readings a night, a strap ~100); it
 * doubles as needed, to one past the per-person bound at most.
 */
export const FIRST_SLOTS = 4;

/** A person's samples: STRIDE numbers each, oldest first; `count` in use. */
export interface Slots {
  data: Float64Array;
  count: number;
}

const sourceIndex = (s: Source): number => {
  const i = SOURCES.indexOf(s);
  return i < 0 ? SOURCES.indexOf('other') : i;
};
const value = (v: number | undefined): number => (v === undefined ? Number.NaN : v);
const optional = (v: number): number | undefined => (Number.isNaN(v) ? undefined : v);

/** A new person's array: FIRST_SLOTS slots. */
export function firstSlots(): Float64Array {
  return new Float64Array(STRIDE * FIRST_SLOTS);
}

/** What the cache's bound counts for a person: every slot, in use or not, and the entry. */
export function slotBytes(e: Slots): number {
  return e.data.byteLength + PERSON_BYTES;
}

export const atMsOf = (e: Slots, i: number): number => e.data[i * STRIDE + AT]!;
export const nightOf = (e: Slots, i: number): number => e.data[i * STRIDE + NIGHT]!;

/** Writes a sample after the last one, growing the array to `growTo` slots (at least one more) when full. */
export function appendSample(e: Slots, s: HrvSample, growTo: number): void {
  if (e.count * STRIDE === e.data.length) grow(e, growTo);
  const at = e.count * STRIDE;
  const d = e.data;
  d[at + AT] = s.atMs;
  d[at + NIGHT] = s.night;
  d[at + SRC] = sourceIndex(s.source);
  d[at + RMSSD] = value(s.rmssdMs);
  d[at + SDNN] = value(s.sdnnMs);
  d[at + RHR] = value(s.restingHrBpm);
  e.count++;
}

/**
 * Where a sample goes, oldest first and after the ones of the same time (held first, kept first);
 * -1 when it is held already (a sample is its source and time, as in InfluxDB). Binary search.
 */
export function placeOf(e: Slots, s: HrvSample): number {
  const d = e.data;
  let lo = 0;
  let hi = e.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid * STRIDE + AT]! < s.atMs) lo = mid + 1;
    else hi = mid;
  }
  const src = sourceIndex(s.source);
  let at = lo;
  for (; at < e.count && d[at * STRIDE + AT] === s.atMs; at++) if (d[at * STRIDE + SRC] === src) return -1;
  return at;
}

/** Moves the last sample to `at`, the ones from there on up by one slot. */
export function moveLastTo(e: Slots, at: number): void {
  if (at >= e.count - 1) return;
  const row = e.data.slice((e.count - 1) * STRIDE, e.count * STRIDE);
  e.data.copyWithin((at + 1) * STRIDE, at * STRIDE, (e.count - 1) * STRIDE);
  e.data.set(row, at * STRIDE);
}

function grow(e: Slots, slots: number): void {
  const data = new Float64Array(STRIDE * Math.max(slots, e.count + 1));
  data.set(e.data.subarray(0, e.count * STRIDE));
  e.data = data;
}

/** Gives back most of an array a settle emptied (a night's ~100 samples gone, the next one's to come). */
export function shrink(e: Slots): void {
  const slots = e.data.length / STRIDE;
  if (slots <= FIRST_SLOTS || e.count * 4 > slots) return;
  const data = new Float64Array(STRIDE * Math.max(FIRST_SLOTS, e.count * 2));
  data.set(e.data.subarray(0, e.count * STRIDE));
  e.data = data;
}

/** Keeps, in order, the samples that pass. */
export function keepWhere(e: Slots, keep: (i: number) => boolean): void {
  let kept = 0;
  for (let i = 0; i < e.count; i++) {
    if (!keep(i)) continue;
    const from = i * STRIDE;
    if (kept !== i) e.data.copyWithin(kept * STRIDE, from, from + STRIDE);
    kept++;
  }
  e.count = kept;
}

export function sampleAt(e: Slots, i: number): HrvSample {
  const d = e.data;
  const at = i * STRIDE;
  return {
    source: SOURCES[d[at + SRC]!]!,
    atMs: d[at + AT]!,
    night: d[at + NIGHT]!,
    rmssdMs: optional(d[at + RMSSD]!),
    sdnnMs: optional(d[at + SDNN]!),
    restingHrBpm: optional(d[at + RHR]!),
  };
}
