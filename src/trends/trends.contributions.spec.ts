import { baselineOf, contributionOf, mergeNights, minNights, type NightValues } from './trends.contributions';

const night = (i: number, v: Partial<NightValues> = {}): NightValues => ({
  night: `2026-10-${String(i).padStart(2, '0')}`,
  ...v,
});
/** 28 nights of ln RMSSD around 3.8 (SD ≈ 0.07), RHR 55/56/57, 7.5 h sleep. */
const history = Array.from({ length: 28 }, (_, i) =>
  night(i + 1, {
    lnRmssd: 3.8 + (i % 3 === 0 ? 0.08 : i % 3 === 1 ? -0.08 : 0),
    rhrBpm: 55 + (i % 3),
    sleepH: 7.5,
  }),
);

describe('trend contributions', () => {
  it('merges several sources of one night and orders nights', () => {
    const merged = mergeNights([
      { night: '2026-10-02', lnRmssd: 3.6 },
      { night: '2026-10-01', sleepH: 7 },
      { night: '2026-10-02', lnRmssd: 3.8, rhrBpm: 50 },
    ]);
    expect(merged).toEqual([
      { night: '2026-10-01', sleepH: 7 },
      { night: '2026-10-02', lnRmssd: 3.7, rhrBpm: 50 },
    ]);
  });

  it('gives nights already in order, one row each, as the general merge does: finite fields only', () => {
    const rows: NightValues[] = Array.from({ length: 31 }, (_, i) =>
      night(i + 1, {
        lnRmssd: i % 5 === 0 ? Number.NaN : 3.5 + i / 100,
        rhrBpm: i % 7 === 0 ? undefined : 50 + i / 3,
        sleepH: i % 11 === 0 ? Number.POSITIVE_INFINITY : 7 + i / 50,
      }),
    );
    const inOrder = mergeNights(rows);
    // the same rows out of order take the general path
    const general = mergeNights([...rows].reverse());
    expect(inOrder).toEqual(general);
    expect(inOrder).toHaveLength(31);
    expect(inOrder[0]).toEqual({ night: '2026-10-01' });
    expect(inOrder[1]).toEqual({ night: '2026-10-02', lnRmssd: 3.51, rhrBpm: 50 + 1 / 3, sleepH: 7.02 });
    // a copy: the caller's rows are left as they are
    expect(inOrder[1]).not.toBe(rows[1]);
  });

  it('needs 14 baseline nights and uses at most the latest 60', () => {
    expect(baselineOf(Array(13).fill(1))).toBeUndefined();
    expect(baselineOf([...Array(10).fill(100), ...Array(60).fill(2)])).toEqual({
      center: 2,
      scale: 0,
      n: 60,
    });
    // the warnings' personal normal: median and MAD scale, floored
    expect(baselineOf([...Array(10).fill(1), ...Array(10).fill(3)], 0.5)).toEqual({
      center: 2,
      scale: 1.4826,
      n: 20,
    });
    expect(baselineOf(Array(20).fill(4), 0.05)?.scale).toBe(0.05);
  });

  it('measures each person against their own baseline', () => {
    const c = contributionOf({
      id: 'm.x',
      cohorts: ['unit:a'],
      period: [night(29, { lnRmssd: 3.8 + Math.log(0.65), rhrBpm: 60, sleepH: 6.5 })],
      history,
      periodDays: 1,
    });
    expect(c.hrvDeviation).toBeCloseTo(Math.log(0.65), 10);
    expect(c.outsideNormal).toBe(true);
    expect(c.rhrDeviation).toBe(4);
    expect(c.sleepHours).toBe(6.5);
    expect(c).toMatchObject({ pid: 'm.x', cohorts: ['unit:a'] });
  });

  it('an SDNN-only person is measured in SDNN against an SDNN baseline, never mixed with RMSSD', () => {
    const sdnnHistory = history.map(({ lnRmssd, ...n }) => ({ ...n, lnSdnn: lnRmssd! + 0.3 }));
    const c = contributionOf({
      id: 'm.y',
      cohorts: [],
      period: [night(29, { lnSdnn: 4.1 + Math.log(0.65) })],
      history: sdnnHistory,
      periodDays: 1,
    });
    expect(c.hrvDeviation).toBeCloseTo(Math.log(0.65), 10);
    expect(c.outsideNormal).toBe(true);
    // an RMSSD night is not compared with an SDNN baseline
    const mixed = contributionOf({
      id: 'm.z',
      cohorts: [],
      period: [night(29, { lnRmssd: 3.0 })],
      history: sdnnHistory,
      periodDays: 1,
    });
    expect(mixed.hrvDeviation).toBeUndefined();
  });

  it('inside the normal band is not outside normal', () => {
    const c = contributionOf({
      id: 'm.x',
      cohorts: [],
      period: [night(29, { lnRmssd: 3.85 })],
      history,
      periodDays: 1,
    });
    expect(c.outsideNormal).toBe(false);
  });

  it('leaves out what lacks data: cold start, too few nights in a week, no nights at all', () => {
    const cold = contributionOf({
      id: 'm.x',
      cohorts: [],
      period: [night(29, { lnRmssd: 3, rhrBpm: 60, sleepH: 6 })],
      history: history.slice(0, 13),
      periodDays: 1,
    });
    expect(cold).toEqual({ pid: 'm.x', cohorts: [], sleepHours: 6 });
    expect(minNights(7)).toBe(3);
    const week = contributionOf({
      id: 'm.x',
      cohorts: [],
      period: [night(29, { lnRmssd: 3, sleepH: 6 }), night(30, { lnRmssd: 3, sleepH: 6 })],
      history,
      periodDays: 7,
    });
    expect(week).toEqual({ pid: 'm.x', cohorts: [] });
    const absent = contributionOf({
      id: 'm.x',
      cohorts: [],
      period: [],
      history,
      periodDays: 1,
    });
    expect(absent).toEqual({ pid: 'm.x', cohorts: [] });
  });
});
