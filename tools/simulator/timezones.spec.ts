import { localToUtc, offsetAt } from './timezones';

const at = (s: string) => Date.parse(s);

describe('simulated time zones', () => {
  it('EU: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC', () => {
    expect(offsetAt('Europe/Berlin', at('2026-03-29T00:59:00Z'))).toBe(60);
    expect(offsetAt('Europe/Berlin', at('2026-03-29T01:00:00Z'))).toBe(120);
    expect(offsetAt('Europe/London', at('2026-10-25T00:59:00Z'))).toBe(60);
    expect(offsetAt('Europe/London', at('2026-10-25T01:00:00Z'))).toBe(0);
  });

  it('US: second Sunday of March to first Sunday of November, 02:00 local', () => {
    expect(offsetAt('America/New_York', at('2026-03-08T06:59:00Z'))).toBe(-300);
    expect(offsetAt('America/New_York', at('2026-03-08T07:00:00Z'))).toBe(-240);
    expect(offsetAt('America/New_York', at('2026-11-01T05:59:00Z'))).toBe(-240);
    expect(offsetAt('America/New_York', at('2026-11-01T06:00:00Z'))).toBe(-300);
  });

  it('southern hemisphere and fixed zones', () => {
    expect(offsetAt('Australia/Sydney', at('2026-01-15T00:00:00Z'))).toBe(660);
    expect(offsetAt('Australia/Sydney', at('2026-07-15T00:00:00Z'))).toBe(600);
    expect(offsetAt('Asia/Kolkata', at('2026-07-15T00:00:00Z'))).toBe(330);
    expect(offsetAt('fixed:-420', 0)).toBe(-420);
  });

  it('turns local wall-clock time into UTC', () => {
    expect(localToUtc('Europe/Berlin', at('2026-07-01T07:00:00Z'))).toBe(at('2026-07-01T05:00:00Z'));
    expect(localToUtc('America/Chicago', at('2026-12-01T07:00:00Z'))).toBe(at('2026-12-01T13:00:00Z'));
  });
});
