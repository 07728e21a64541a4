import { dateOfDay } from '../night/night';
import { assembleNight } from '../night/night.assemble';
import { neutralCalibration } from './personal.calibration';
import { NO_PERSONAL_INPUTS, type PersonalInputs } from './personal.inputs';
import { DEFAULT_WARNING_CONFIG } from './warning.config';
import { decodeStateRecord, encodeStateRecord, WarningStates } from './warning.states';
import { D0, normal, sleepOf } from './warnings.fixtures';

const night = (i: number) => assembleNight(sleepOf('s', i, normal(i)), [])!;

describe('WarningStates', () => {
  it('round-trips a state through its changelog record', () => {
    const a = new WarningStates(DEFAULT_WARNING_CONFIG);
    for (let i = 0; i < 20; i++) a.evaluate('p', night(i));
    const rec = a.record('p')!;
    expect(rec.lastNight).toBe(dateOfDay(D0 + 19));
    const back = decodeStateRecord(Buffer.from(encodeStateRecord(rec)))!;
    expect(back.lastNight).toBe(rec.lastNight);
    const b = new WarningStates(DEFAULT_WARNING_CONFIG);
    b.set('p', back.person);
    expect(b.evaluate('p', night(20))).toEqual(a.evaluate('p', night(20)));
  });

  it('erasure (the tombstone drops the state) forgets the calibration: a person starts neutral again', () => {
    const s = new WarningStates(DEFAULT_WARNING_CONFIG);
    const told: PersonalInputs = {
      dismissals: [{ asOf: dateOfDay(D0 + 1), reason: 'not-helpful', atMs: (D0 + 2) * 86_400_000 }],
      checkIns: [{ atMs: (D0 + 2) * 86_400_000, stress: 4, sleepQuality: 2 }],
    };
    for (let i = 0; i < 5; i++) s.evaluate('p', night(i), i >= 3 ? told : NO_PERSONAL_INPUTS);
    const kept = decodeStateRecord(Buffer.from(encodeStateRecord(s.record('p')!)))!;
    expect(kept.person.calibration.raise).toBeGreaterThan(0);
    expect(kept.person.calibration.pairStress).toHaveLength(0); // held (cold-start) nights pair nothing
    expect(kept.person.calibration.foldedUntilMs).toBe((D0 + 2) * 86_400_000);
    s.drop('p');
    expect(s.record('p')).toBeUndefined();
    // the same person's data arriving again after erasure: a new state, nothing remembered
    s.evaluate('p', night(10));
    expect(decodeStateRecord(Buffer.from(encodeStateRecord(s.record('p')!)))!.person.calibration).toEqual(
      neutralCalibration(),
    );
  });

  it('rejects records that are not version-1 states', () => {
    for (const bad of [
      '',
      'null',
      '{"v":2,"state":"","lastNight":"2026-01-01"}',
      '{"v":1,"state":"AAAA","lastNight":"2026-01-01"}',
    ])
      expect(decodeStateRecord(Buffer.from(bad))).toBeNull();
  });

  it('puts a snapshot back, or removes a state that was not there', () => {
    const s = new WarningStates(DEFAULT_WARNING_CONFIG);
    s.evaluate('p', night(0));
    const snap = s.snapshot('p');
    s.evaluate('p', night(1));
    s.reset('p', snap);
    expect(s.lastDay('p')).toBe(D0);
    s.reset('p', undefined);
    expect(s.has('p')).toBe(false);
    expect(s.lastDay('p')).toBe(-1);
  });

  it('counts people whose latest night is the given number of days old or older', () => {
    const s = new WarningStates(DEFAULT_WARNING_CONFIG);
    s.evaluate('a', night(0));
    s.evaluate('b', night(5));
    expect(s.countStale(D0 + 7, 3)).toBe(1);
    expect(s.countStale(D0 + 8, 3)).toBe(2);
    expect(s.countStale(D0 + 2, 3)).toBe(0);
  });
});
