import { dateOfDay, dayNumber } from '../baseline/night';
import { PersonRegistry } from './person.registry';

const night = (i: number) => ({
  wakeDate: dateOfDay(dayNumber('2026-03-01') + i),
  source: 'oura',
  lnRmssd: 3.7 + 0.05 * Math.sin(i),
  rhrBpm: 58 + Math.cos(i),
  sleepH: 7,
});

describe('PersonRegistry', () => {
  it('keeps one state per pid, snapshots, restores elsewhere, and drops on erasure', () => {
    const a = new PersonRegistry();
    for (let i = 0; i < 20; i++) {
      a.onNight('p1', night(i));
      a.onNight('p2', night(i));
    }
    expect(a.size).toBe(2);
    const b = new PersonRegistry();
    for (const [pid, bytes] of a.snapshots()) b.restore(pid, bytes);
    expect(b.onNight('p1', night(20))).toEqual(a.onNight('p1', night(20)));
    expect(a.drop('p1')).toBe(true);
    expect(a.snapshot('p1')).toBeUndefined();
    expect(a.onNight('p1', night(21)).reason).toBe('cold-start');
  });
});
