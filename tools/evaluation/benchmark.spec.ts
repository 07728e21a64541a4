import { formatTable, runBenchmark } from './benchmark';

describe('runBenchmark (small cohort)', () => {
  it('decodes every simulated message and scores Respite and both reference rules on the same nights', () => {
    const r = runBenchmark({ people: 16, days: 100, seed: 5, endDateMs: Date.UTC(2026, 10, 20), gaps: true });
    expect(r.cohort.rejectedMessages).toEqual({});
    expect(r.systems.map((s) => s.name)).toHaveLength(5);
    for (const s of r.systems) expect(s.score.episodes).toBe(r.cohort.episodes);
    expect(formatTable(r).split('\n')).toHaveLength(2 + r.systems.length);
  });
});
