import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import {
  type CurvePoint,
  formatAtBudget,
  frontier,
  HRV4TRAINING,
  NIGHTSIGNAL,
  ORACLE,
  ORACLE_ESTIMATING,
  operatingPoint,
  poolScores,
  predictionBound,
  respiteAt,
  runCurve,
} from './curve';
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

  it("with the presets' rule, a point every seed keeps within is not taken when a new seed's 95% bound is over", () => {
    const seeds = (xs: number[]) =>
      xs.map((f, i) => ({ seed: i + 1, sensitivity: 0.3, falsePerPersonQuarter: f }));
    const spread = {
      ...point('spread', 0.3, 0.22, 0.24),
      perSeed: seeds([0.2, 0.22, 0.24, 0.2, 0.22, 0.24, 0.2, 0.22, 0.24, 0.22]),
    };
    const tight = {
      ...point('tight', 0.25, 0.21, 0.22),
      perSeed: seeds([0.2, 0.21, 0.22, 0.21, 0.21, 0.2, 0.22, 0.21, 0.21, 0.21]),
    };
    // mean 0.22, sd √(0.0024 / 9), t(0.95, 9) 1.833, √(1 + 1/10)
    expect(predictionBound(spread)).toBeCloseTo(0.22 + 1.833 * Math.sqrt(0.0024 / 9) * Math.sqrt(1.1), 12);
    expect(operatingPoint([spread, tight], 0.25, 'every-seed')?.setting).toBe('spread');
    expect(operatingPoint([spread, tight], 0.25, 'preset')?.setting).toBe('tight');
    expect(operatingPoint([spread, tight], 0.26, 'preset')?.setting).toBe('spread');
    expect(predictionBound({ perSeed: seeds([0.2]) })).toBeNaN();
    expect(operatingPoint([{ ...tight, perSeed: seeds([0.2]) }], 0.25, 'preset')).toBeUndefined();
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

describe('formatAtBudget', () => {
  it("gives each within-budget system's share of the oracle's sensitivity, and marks a preset over the budget", () => {
    const at = (method: string, setting: string, sens: number, f: number) => ({
      ...point(setting, sens, f),
      method,
    });
    const text = formatAtBudget(
      [
        at('Respite', 'k 2.1 h 1.5', 0.18, 0.2),
        at('Respite', 'k 1.9 h 1.5', 0.3, 0.45),
        at(ORACLE, 'k 1 h 4 clip 1.5', 0.3, 0.19),
        at(ORACLE, 'k 1 h 2 clip 1.5', 0.5, 1.1),
      ],
      0.25,
      [
        { name: 'default', setting: 'k 2.1 h 1.5' },
        { name: 'sensitive', setting: 'k 1.9 h 1.5' },
      ],
    );
    const row = (name: string) => text.split('\n').find((l) => l.startsWith(`| ${name}`))!;
    expect(row('Respite, default preset')).toContain('| 60% ');
    expect(row('Respite, sensitive preset')).toContain('over budget');
    expect(row('Oracle ')).toContain('k 1 h 4 clip 1.5');
    expect(row(NIGHTSIGNAL)).toContain('nothing ≤ 0.25');
  });
});

describe('runCurve (small cohort)', () => {
  it('scores every method at every setting on the same episodes, and a lower k warns more', async () => {
    const pts = await runCurve({
      seeds: [5],
      people: 12,
      days: 120,
      endDateMs: Date.UTC(2026, 10, 20),
      respite: [1.2, 2.4].map((k) => ({ setting: `k ${k}`, cfg: respiteAt(DEFAULT_WARNING_CONFIG, k, 1.5) })),
      oracle: [{ k: 1, h: 2, clip: 2, skipConfounded: false }],
      nightSignalBpm: [4],
      hrv4TrainingSd: [0.5],
    });
    expect(pts.map((p) => p.method).sort()).toEqual(
      [HRV4TRAINING, NIGHTSIGNAL, ORACLE, ORACLE_ESTIMATING, 'Respite', 'Respite'].sort(),
    );
    expect(new Set(pts.map((p) => p.episodes)).size).toBe(1);
    expect(pts[0]!.episodes).toBeGreaterThan(0);
    const [low, high] = ['k 1.2', 'k 2.4'].map((s) => pts.find((p) => p.setting === s)!);
    expect(low!.falsePerPersonQuarter).toBeGreaterThan(high!.falsePerPersonQuarter);
    expect(low!.sensitivity).toBeGreaterThanOrEqual(high!.sensitivity);
  });
});
