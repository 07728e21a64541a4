import { cohortDashboard, DASHBOARD_DAYS, DASHBOARD_WEEKS, expectedPeriods } from './dashboard';
import { TEAM_ACTIONS } from './team-actions';
import type { TrendRecord } from './trends.types';

const NOW = new Date('2026-12-05T10:00:00Z'); // a Saturday: last complete week is 23–29 Nov

function record(
  start: string,
  end: string,
  share: number | null,
  contributors = 12,
  epsilon = 0,
): TrendRecord {
  return {
    cohortId: 'unit:a',
    period: { start, end },
    contributors,
    metrics: {
      hrvDeviationMedian: -0.2,
      shareOutsideNormal: share,
      sleepHoursMedian: 6.8,
      rhrDeviationMedian: 1,
    },
    privacy: { k: 10, epsilon, suppressed: share === null ? ['shareOutsideNormal'] : [] },
  };
}

describe('cohort dashboard', () => {
  it('lays out 12 Monday–Sunday weeks and 28 nights ending with the last complete one', () => {
    const weeks = expectedPeriods('weekly', DASHBOARD_WEEKS, NOW);
    expect(weeks.at(-1)).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(weeks[0]).toEqual({ start: '2026-09-07', end: '2026-09-13' });
    const days = expectedPeriods('daily', DASHBOARD_DAYS, NOW);
    expect(days.at(-1)).toEqual({ start: '2026-12-04', end: '2026-12-04' });
    expect(days).toHaveLength(28);
  });

  it('shows a period without a record as a gap with no figures, never zeros', () => {
    const d = cohortDashboard('unit:a', [record('2026-11-23', '2026-11-29', 0.4)], 10, NOW);
    const gaps = d.weekly.filter((s) => !s.published);
    expect(gaps).toHaveLength(11);
    for (const g of [...gaps, ...d.daily]) {
      expect(g.contributors).toBeNull();
      expect(Object.values(g.metrics).every((v) => v === null)).toBe(true);
    }
    expect(d.weekly.at(-1)).toMatchObject({ published: true, contributors: 12, withheld: [] });
  });

  it('passes a withheld metric on as null and listed', () => {
    const d = cohortDashboard('unit:a', [record('2026-11-23', '2026-11-29', null)], 10, NOW);
    expect(d.weekly.at(-1)).toMatchObject({ published: true, withheld: ['shareOutsideNormal'] });
    expect(d.weekly.at(-1)!.metrics.shareOutsideNormal).toBeNull();
  });

  it('never serves a record below k, even if one reached the store', () => {
    const d = cohortDashboard('unit:a', [record('2026-11-23', '2026-11-29', 0.5, 9)], 10, NOW);
    expect(d.weekly.at(-1)).toMatchObject({ published: false, contributors: null });
  });

  it('offers the team actions when 3 of the last 4 weeks are high, and none otherwise', () => {
    const weeks = [
      ['2026-11-02', '2026-11-08', 0.35],
      ['2026-11-09', '2026-11-15', 0.1],
      ['2026-11-16', '2026-11-22', 0.5],
      ['2026-11-23', '2026-11-29', 0.3],
    ] as const;
    const high = cohortDashboard(
      'unit:a',
      weeks.map(([s, e, v]) => record(s, e, v)),
      10,
      NOW,
    );
    expect(high.team).toMatchObject({ highWeeks: 3, ofWeeks: 4, triggered: true });
    expect(high.team.actions.map((a) => a.id)).toEqual(TEAM_ACTIONS.map((a) => a.id));
    const calm = cohortDashboard(
      'unit:a',
      weeks.slice(1).map(([s, e, v]) => record(s, e, v)),
      10,
      NOW,
    );
    expect(calm.team).toMatchObject({ highWeeks: 2, triggered: false, actions: [] });
  });

  it('states the noise: epsilon and the Laplace scale of the latest noised record', () => {
    expect(cohortDashboard('unit:a', [record('2026-11-23', '2026-11-29', 0.4)], 10, NOW).noise).toBeNull();
    const d = cohortDashboard('unit:a', [record('2026-11-23', '2026-11-29', 0.4, 20, 1)], 10, NOW);
    // epsilon 1 over 4 published metrics: a share over 20 people has b = (1/20) / 0.25 = 0.2, and
    // a sleep median (sensitivity 6 h, the clamp's width) b = 6 / 0.25 = 24
    expect(d.noise?.epsilon).toBe(1);
    expect(d.noise?.scale.shareOutsideNormal).toBeCloseTo(0.2, 10);
    expect(d.noise?.scale.sleepHoursMedian).toBeCloseTo(24, 10);
  });
});
