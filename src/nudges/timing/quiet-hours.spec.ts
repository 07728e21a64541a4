import fc from 'fast-check';
import { isQuiet, isValidTimeZone, nextDeliveryTime, parseClock, resolveTimeZone } from './quiet-hours';

const at = (iso: string) => new Date(iso);
const next = (iso: string, tz: string, quiet?: { start: string; end: string }) =>
  nextDeliveryTime(at(iso), tz, quiet).toISOString();

describe('quiet hours (default 21:00–07:30 local)', () => {
  it('delivers at once outside quiet hours; the boundaries are start-inclusive, end-exclusive', () => {
    expect(next('2026-11-20T12:00:00Z', 'Europe/Berlin')).toBe('2026-11-20T12:00:00.000Z');
    expect(next('2026-11-20T06:30:00Z', 'Europe/Berlin')).toBe('2026-11-20T06:30:00.000Z'); // 07:30 CET
    expect(isQuiet(at('2026-11-20T20:00:00Z'), 'Europe/Berlin')).toBe(true); // 21:00 CET
    expect(isQuiet(at('2026-11-20T19:59:59Z'), 'Europe/Berlin')).toBe(false);
  });

  it('Europe/Berlin, clocks fall back on 2026-10-25: the evening before → 07:30 CET, not CEST', () => {
    expect(next('2026-10-24T20:00:00Z', 'Europe/Berlin')).toBe('2026-10-25T06:30:00.000Z');
    expect(next('2026-10-25T00:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T06:30:00.000Z'); // 02:30 CEST
    expect(next('2026-10-25T01:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T06:30:00.000Z'); // 02:30 CET
  });

  it('America/New_York, clocks fall back on 2026-11-01: → 07:30 EST', () => {
    expect(next('2026-11-01T02:00:00Z', 'America/New_York')).toBe('2026-11-01T12:30:00.000Z'); // 22:00 EDT
    expect(next('2026-11-01T11:00:00Z', 'America/New_York')).toBe('2026-11-01T12:30:00.000Z'); // 06:00 EST
  });

  it('spring forward (Berlin 2026-03-29, New York 2026-03-08) → 07:30 summer time', () => {
    expect(next('2026-03-28T22:00:00Z', 'Europe/Berlin')).toBe('2026-03-29T05:30:00.000Z');
    expect(next('2026-03-08T03:00:00Z', 'America/New_York')).toBe('2026-03-08T11:30:00.000Z');
  });

  it('zones with 30- and 45-minute offsets', () => {
    expect(next('2026-11-20T16:00:00Z', 'Asia/Kolkata')).toBe('2026-11-21T02:00:00.000Z'); // 21:30 IST
    expect(next('2026-11-20T01:00:00Z', 'Asia/Kathmandu')).toBe('2026-11-20T01:45:00.000Z'); // 06:45 NPT
    expect(next('2026-11-20T10:00:00Z', 'Asia/Kathmandu')).toBe('2026-11-20T10:00:00.000Z'); // 15:45 NPT
    expect(next('2026-11-20T08:00:00Z', 'Pacific/Chatham')).toBe('2026-11-20T17:45:00.000Z'); // 21:45 +13:45
    // Adelaide (+9:30) starts daylight time (+10:30) on 2026-10-04 at 02:00.
    expect(next('2026-10-03T12:00:00Z', 'Australia/Adelaide')).toBe('2026-10-03T21:00:00.000Z');
  });

  it('an end time inside a DST gap → the moment the clock jumps past it (Lord Howe shifts by 30 min)', () => {
    // 2026-10-04 02:00 +10:30 becomes 02:30 +11:00, so 02:15 never happens; deliver at the jump.
    expect(next('2026-10-03T12:00:00Z', 'Australia/Lord_Howe', { start: '21:00', end: '02:15' })).toBe(
      '2026-10-03T15:30:00.000Z',
    );
  });

  it('an end time that happens twice (fall back) → the first time, or the second if we are past the first', () => {
    const quiet = { start: '21:00', end: '01:30' };
    expect(next('2026-11-01T02:00:00Z', 'America/New_York', quiet)).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
    expect(next('2026-11-01T06:10:00Z', 'America/New_York', quiet)).toBe('2026-11-01T06:30:00.000Z'); // 01:10 EST → 01:30 EST
  });

  it('daytime windows and start = end (no quiet hours)', () => {
    const lunch = { start: '12:00', end: '13:00' };
    expect(next('2026-11-20T11:30:00Z', 'Europe/Berlin', lunch)).toBe('2026-11-20T12:00:00.000Z');
    expect(next('2026-11-20T22:00:00Z', 'Europe/Berlin', { start: '07:00', end: '07:00' })).toBe(
      '2026-11-20T22:00:00.000Z',
    );
  });

  it('result is never in quiet hours, never before now, and is the first such moment', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'America/Sao_Paulo',
      'UTC',
    ];
    const clock = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        clock,
        clock,
        (tz, now, start, end) => {
          const quiet = { start, end };
          const r = nextDeliveryTime(now, tz, quiet);
          expect(r.getTime()).toBeGreaterThanOrEqual(now.getTime());
          expect(isQuiet(r, tz, quiet)).toBe(false);
          if (r.getTime() > now.getTime()) expect(isQuiet(new Date(r.getTime() - 1), tz, quiet)).toBe(true);
          expect(r.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3_600_000);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('time-zone fallback and clock parsing', () => {
    expect(isValidTimeZone('Asia/Kathmandu')).toBe(true);
    expect(resolveTimeZone('Mars/Olympus')).toBe('Europe/Berlin');
    expect(resolveTimeZone(undefined, 'America/Chicago')).toBe('America/Chicago');
    expect(resolveTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(parseClock('07:30')).toBe(450);
    expect(() => parseClock('7:30')).toThrow(/HH:MM/);
    expect(() => parseClock('24:00')).toThrow();
  });
});
