import { type CurvePoint, frontier, operatingPoint, poolScores } from './curve';
import type { Score } from './scoring';

const score = (warnedWithin: number, episodes: number, falseAlertDays: number, personQuarters: number) =>
  ({
    episodes,
    warnedWithin,
    sensitivity: warnedWithin / episodes,
    falseAlertDays,
    personQuarters,
    falsePerPersonQuarter: falseAlertDays / personQuarters,
  }) as Score;

const point = (setting: string, sensitivity: number, pooled: number, worst = pooled): CurvePoint => ({
  method: 'm',
  setting,
  episodes: 100,
  warnedWithin: sensitivity * 100,
  sensitivity,
  falsePerPersonQuarter: pooled,
  worstSeedFalse: worst,
  perSeed: [],
});

describe('poolScores', () => {
  it('pools episodes and person-quarters over seeds (not the mean of the per-seed rates) and keeps the worst seed', () => {
    const p = poolScores('Respite', 'k 2 h 1.5', [
      { seed: 1, score: score(10, 40, 30, 100) },
      { seed: 2, score: score(30, 60, 10, 300) },
    ]);
    expect(p.sensitivity).toBeCloseTo(40 / 100, 12);
    expect(p.falsePerPersonQuarter).toBeCloseTo(40 / 400, 12);
    expect(p.worstSeedFalse).toBeCloseTo(0.3, 12);
    expect(p.perSeed.map((s) => s.seed)).toEqual([1, 2]);
  });
});

describe('operatingPoint', () => {
  const pts = [
    point('a', 0.2, 0.1, 0.15),
    point('b', 0.3, 0.22, 0.31),
    point('c', 0.35, 0.26),
    point('d', 0.3, 0.2, 0.24),
  ];

  it('takes the most sensitive point within the budget, and of equal ones the cheaper', () => {
    expect(operatingPoint(pts, 0.25)?.setting).toBe('d');
    expect(operatingPoint(pts, 0.26)?.setting).toBe('c');
  });

  it('with every-seed, a point whose worst seed is over the budget is not taken', () => {
    expect(
      operatingPoint([point('a', 0.2, 0.1, 0.15), point('b', 0.3, 0.22, 0.31)], 0.25, 'every-seed')?.setting,
    ).toBe('a');
    expect(operatingPoint(pts, 0.2, 'every-seed')?.setting).toBe('a');
  });

  it('is undefined when nothing is within the budget', () => {
    expect(operatingPoint(pts, 0.05)).toBeUndefined();
  });
});

describe('frontier', () => {
  it('keeps only the points no other beats on both measures, by false alert-days', () => {
    const pts = [point('a', 0.2, 0.1), point('b', 0.15, 0.2), point('c', 0.3, 0.3), point('d', 0.3, 0.25)];
    expect(frontier(pts).map((p) => p.setting)).toEqual(['a', 'd']);
  });
});
