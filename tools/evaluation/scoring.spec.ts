import { dayNumber } from '../../src/night/night';
import type { PersonTruth } from '../simulator/sim.types';
import { scoreAlerts } from './scoring';

const d = (s: string) => dayNumber(s);
const truth: PersonTruth[] = [
  {
    subjectId: 'a',
    episodes: [{ onset: '2026-03-10', end: '2026-03-20', severity: 1 }],
    confounders: [{ kind: 'illness', start: '2026-02-01', end: '2026-02-03' }],
  },
  { subjectId: 'b', episodes: [{ onset: '2026-03-01', end: '2026-03-05', severity: 1 }], confounders: [] },
];

describe('scoreAlerts', () => {
  it('counts episodes warned within 7 days, their delay, and false alert-days outside episodes + grace', () => {
    const days = Array.from({ length: 91 }, (_, i) => d('2026-01-15') + i);
    const alertsA = new Set([d('2026-02-02'), d('2026-02-03'), d('2026-03-14'), d('2026-03-25')]);
    const alertsB = new Set([d('2026-03-09'), d('2026-03-20')]);
    const s = scoreAlerts(
      [
        { subjectId: 'a', days, alert: days.map((x) => alertsA.has(x)) },
        { subjectId: 'b', days, alert: days.map((x) => alertsB.has(x)) },
      ],
      truth,
    );
    expect(s).toMatchObject({ episodes: 2, warnedWithin: 1, sensitivity: 0.5, medianDelayDays: 4 });
    // a: 02-02 + 02-03 false (one run, after an illness), 03-25 inside the grace (to 03-27);
    // b: 03-09 is inside the grace (to 03-12) but later than onset + 7, 03-20 is false
    expect(s.falseAlertDays).toBe(3);
    expect(s.falseByCause).toEqual({ illness: 2, none: 1 });
    expect(s.falseOnsetsPerPersonQuarter * s.personQuarters).toBeCloseTo(2, 9);
    expect(s.personQuarters).toBeCloseTo((2 * 91 - 18 - 12) / 91.25, 9);
    expect(s.warnedDuring).toBe(0.5);
    expect(s.peopleWithFalseAlerts).toBe(1);
  });
});
