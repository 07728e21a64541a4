import { seededRng as prng } from '../common/seeded-rng';
import { cryptoRng, laplace, withLaplaceNoise } from './laplace';

describe('laplace', () => {
  it('is reproducible with a seeded rng', () => {
    const a = prng(7);
    const b = prng(7);
    for (let i = 0; i < 20; i++) expect(laplace(2, a)).toBe(laplace(2, b));
  });

  it('has mean 0 and mean absolute deviation equal to the scale', () => {
    const rng = prng(42);
    const draws = Array.from({ length: 20_000 }, () => laplace(3, rng));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const mad = draws.reduce((s, x) => s + Math.abs(x), 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(mad).toBeGreaterThan(2.85);
    expect(mad).toBeLessThan(3.15);
  });

  it('stays finite at the edges of the uniform draw', () => {
    expect(Number.isFinite(laplace(1, () => 0))).toBe(true);
    expect(Number.isFinite(laplace(1, () => 0.9999999999999999))).toBe(true);
  });

  it('adds nothing when epsilon is 0', () => {
    expect(withLaplaceNoise(0.4, 1, 0, () => 0.9)).toBe(0.4);
  });

  it('draws production noise from the CSPRNG in [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const u = cryptoRng();
      expect(u >= 0 && u < 1).toBe(true);
    }
  });
});
