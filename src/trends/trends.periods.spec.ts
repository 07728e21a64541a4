import { addDays, assertDatePeriod, kindOf, lastPeriod, periodDays } from './trends.periods';

describe('trend periods', () => {
  it('names yesterday’s night and last Monday-to-Sunday week, in UTC', () => {
    const wed = new Date('2026-11-25T18:00:00Z');
    expect(lastPeriod('daily', wed)).toEqual({ start: '2026-11-24', end: '2026-11-24' });
    expect(lastPeriod('weekly', wed)).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    const mon = new Date('2026-11-23T18:30:00Z');
    expect(lastPeriod('weekly', mon)).toEqual({ start: '2026-11-16', end: '2026-11-22' });
    const sun = new Date('2026-11-29T23:59:00Z');
    expect(lastPeriod('weekly', sun)).toEqual({ start: '2026-11-16', end: '2026-11-22' });
  });

  it('counts nights inclusively and tells daily from weekly', () => {
    expect(periodDays({ start: '2026-11-24', end: '2026-11-24' })).toBe(1);
    expect(kindOf({ start: '2026-11-24', end: '2026-11-24' })).toBe('daily');
    expect(kindOf({ start: '2026-11-16', end: '2026-11-22' })).toBe('weekly');
    expect(kindOf({ start: '2026-11-17', end: '2026-11-23' })).toBe('custom');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('refuses impossible or overlong periods, naming the field', () => {
    const bad = (start: string, end: string) => {
      try {
        assertDatePeriod({ start, end });
        return 'ok';
      } catch (err) {
        return (err as { path: string }).path;
      }
    };
    expect(bad('2026-11-01', '2026-11-30')).toBe('ok');
    expect(bad('2026-02-30', '2026-03-01')).toBe('period.start');
    expect(bad('2026-11-02', '2026-11-01')).toBe('period.end');
    expect(bad('2026-11-01T00:00:00Z', '2026-11-02')).toBe('period.start');
    expect(bad('2026-01-01', '2026-03-01')).toBe('period.end');
  });
});
