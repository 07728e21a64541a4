import { PublishedTrends } from './trends.store';
import type { TrendRecord } from './trends.types';

const record = (start: string, end = start, over: Partial<TrendRecord> = {}): TrendRecord => ({
  cohortId: 'unit:a',
  period: { start, end },
  contributors: 12,
  metrics: {
    hrvDeviationMedian: -0.3,
    shareOutsideNormal: 0.2,
    sleepHoursMedian: 6.5,
    rhrDeviationMedian: 1,
  },
  privacy: { k: 10, epsilon: 0, suppressed: ['rhrDeviationMedian'] },
  ...over,
});

describe('published trends', () => {
  it('serves a cohort’s records by period, the latest of a period winning', () => {
    const s = new PublishedTrends();
    s.put(record('2026-11-20'));
    s.put(record('2026-11-16', '2026-11-22'));
    s.put(record('2026-11-19'));
    s.put(record('2026-11-20', '2026-11-20', { contributors: 13 }));
    expect(s.list('unit:a').map((r) => [r.period.start, r.contributors])).toEqual([
      ['2026-11-16', 12],
      ['2026-11-19', 12],
      ['2026-11-20', 13],
    ]);
    expect(s.list('unit:a', { kind: 'weekly' })).toHaveLength(1);
    expect(s.list('unit:a', { from: '2026-11-19', to: '2026-11-20' })).toHaveLength(2);
    expect(s.list('unit:b')).toEqual([]);
    expect(s.has(record('2026-11-19'))).toBe(true);
    expect(s.has(record('2026-11-19', '2026-11-19', { contributors: 14 }))).toBe(false);
  });

  it('reads only contract fields back, and never a record below k or without figures', () => {
    const s = new PublishedTrends();
    expect(s.apply(JSON.stringify({ ...record('2026-11-19'), pid: 't1.x', subjectId: 'nurse' }))).toBe(true);
    expect(Object.keys(s.list('unit:a')[0]!)).toEqual([
      'cohortId',
      'period',
      'contributors',
      'metrics',
      'privacy',
    ]);
    expect(s.apply(JSON.stringify(record('2026-11-20', '2026-11-20', { contributors: 9 })))).toBe(false);
    expect(s.apply(JSON.stringify(record('2026-11-21', '2026-11-21', { contributors: null })))).toBe(false);
    expect(s.apply('not json')).toBe(false);
    expect(s.apply(null)).toBe(false);
    expect(s.list('unit:a')).toHaveLength(1);
  });
});
