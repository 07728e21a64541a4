import { dateOfDay } from '../night/night';
import { assembleNight } from '../night/night.assemble';
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
