import { seededRng } from '../../src/common/seeded-rng';

/** mulberry32 (the service's seeded source), so a simulated cohort is the same for the same seed. */
export const prng = (seed: number): (() => number) => seededRng(seed);

/** Standard normal by Box–Muller. */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** A UUID whose bits come from the PRNG (v4 layout), so ids are reproducible too. */
export function seededUuid(rand: () => number): string {
  const h = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  h[12] = '4';
  h[16] = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A well-mixed 32-bit seed for stream k of person i, so each person has independent streams. */
export function mixSeed(seed: number, i: number, k: number): number {
  let h =
    Math.imul(seed ^ 0x9e3779b1, 0x85ebca77) ^ Math.imul(i + 1, 0xc2b2ae3d) ^ Math.imul(k + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}

export function pick<T>(rand: () => number, choices: readonly (readonly [T, number])[]): T {
  let x = rand();
  for (const [v, p] of choices) {
    x -= p;
    if (x < 0) return v;
  }
  return choices.at(-1)![0];
}

/** Exponential waiting time with the given mean. */
export function expo(rand: () => number, mean: number): number {
  return -mean * Math.log(Math.max(rand(), 1e-12));
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
