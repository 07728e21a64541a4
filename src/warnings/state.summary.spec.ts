import { dayNumber } from '../night/night';
import { createPersonState } from './person.state';
import { RAISE_HALF_LIFE_DAYS, RAISE_STEP } from './personal.calibration';
import { summarizeState } from './state.summary';

describe('summarizeState (the warning state in the person’s export)', () => {
  it('says nothing is known before any night', () => {
    expect(summarizeState(createPersonState())).toEqual({
      level: 'none',
      levelNights: 0,
      steppedDown: false,
      evidence: 0,
      lastNight: null,
      nudgeNights: [],
      calibration: { thresholdRaise: 0, explainedThrough: null, checkInNights: 0, checkInWeight: 0 },
    });
  });

  it('names the level and how long it has lasted, evidence, nudge nights and what the person’s answers changed, by date', () => {
    const s = createPersonState();
    const day = dayNumber('2026-11-30');
    s.baseline.lastDay = day;
    s.level = 1;
    s.run = { nights: 2, fromWarning: true };
    s.cusum = 1.2345;
    s.nudgeDays = [day - 9, day - 1];
    s.calibration.raise = RAISE_STEP;
    s.calibration.raiseDay = day - RAISE_HALF_LIFE_DAYS; // said three weeks ago: half is left
    s.calibration.graceUntilDay = day + 2;
    s.calibration.pairStress = [3, 4];
    s.calibration.pairSleep = [3, 2];
    s.calibration.pairScore = [0.1, 0.5];
    expect(summarizeState(s)).toEqual({
      level: 'watch',
      levelNights: 2,
      steppedDown: true,
      evidence: 1.235,
      lastNight: '2026-11-30',
      nudgeNights: ['2026-11-21', '2026-11-29'],
      calibration: {
        thresholdRaise: RAISE_STEP / 2,
        explainedThrough: '2026-12-02',
        checkInNights: 2,
        checkInWeight: 0, // fewer check-in nights than it takes to learn from them
      },
    });
  });
});
