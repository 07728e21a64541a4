import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { runBenchmark } from './benchmark';
import { atBudget, bestWithin, formatHeldOut, formatSeeds, runSeed, SCENARIOS } from './personal';

describe('personal evaluation (small cohort)', () => {
  const o = { people: 16, days: 120, seed: 5, endDateMs: Date.UTC(2026, 10, 20), gaps: true };
  const r = runSeed(o, DEFAULT_WARNING_CONFIG, [DEFAULT_WARNING_CONFIG.cusumK, 2.2]);

  it('scores physiology only exactly as the benchmark scores Respite, on the same nights', () => {
    const bench = runBenchmark(o).systems[0]!.score;
    expect(r.curves[0]!.scenario.name).toBe('physiology only');
    expect(r.curves[0]!.points[0]!.score).toEqual(bench);
  });

  it('runs every scenario on the same episodes, with check-ins only where asked for', () => {
    expect(r.curves.map((c) => c.scenario)).toEqual(SCENARIOS);
    for (const c of r.curves)
      for (const p of c.points) {
        expect(p.score.episodes).toBe(r.episodes);
        expect(p.answered > 0).toBe(c.scenario.responseRate > 0);
        if (!c.scenario.feedback) expect(p.dismissals).toEqual({});
      }
    const table = formatSeeds([r], DEFAULT_WARNING_CONFIG.cusumK).split('\n');
    expect(table).toHaveLength(2 + SCENARIOS.length);
    expect(formatHeldOut(r, [r]).split('\n')).toHaveLength(2 + SCENARIOS.length);
  });

  it('reads the sensitivity where a curve crosses the budget, between two values of k', () => {
    const pt = (k: number, sens: number, fa: number) => ({
      ...r.curves[0]!.points[0]!,
      k,
      score: { ...r.curves[0]!.points[0]!.score, sensitivity: sens, falsePerPersonQuarter: fa },
    });
    const between = atBudget([pt(2.1, 0.2, 0.15), pt(1.8, 0.4, 0.45)], 0.25)!;
    expect(between.atLeast).toBe(false);
    expect(between.sensitivity).toBeCloseTo(0.4 - (2 / 3) * 0.2, 9);
    expect(atBudget([pt(1.8, 0.4, 0.2)], 0.25)).toEqual({ sensitivity: 0.4, atLeast: true });
    expect(atBudget([pt(1.8, 0.4, 0.3)], 0.25)).toBeUndefined();
  });

  it('picks the most sensitive point within the budget', () => {
    const pts = r.curves[0]!.points;
    const best = bestWithin(pts, Infinity)!;
    expect(best.score.sensitivity).toBe(Math.max(...pts.map((p) => p.score.sensitivity)));
    expect(bestWithin(pts, -1)).toBeUndefined();
  });
});
