import { randomInt } from 'node:crypto';

/** Uniform in [0, 1). Tests pass a seeded one; production passes `cryptoRng`. */
export type Rng = () => number;

const RANGE = 2 ** 48 - 1;

/** Uniform in [0, 1) from the OS CSPRNG (48 bits): noise an observer cannot predict or replay. */
export const cryptoRng: Rng = () => randomInt(0, RANGE) / RANGE;

/**
 * One draw from Laplace(0, scale) by inverting the CDF. The caller clamps and rounds the noised
 * figure, which also removes the low-order float bits that leak the exact value (Mironov 2012).
 */
export function laplace(scale: number, rng: Rng): number {
  if (!(scale > 0)) return 0;
  const u = rng() - 0.5;
  const tail = Math.max(1 - 2 * Math.abs(u), Number.MIN_VALUE);
  return -scale * Math.sign(u) * Math.log(tail);
}

/** value + Laplace(sensitivity / epsilon); epsilon 0 means no noise. */
export function withLaplaceNoise(value: number, sensitivity: number, epsilon: number, rng: Rng): number {
  return epsilon > 0 ? value + laplace(sensitivity / epsilon, rng) : value;
}
