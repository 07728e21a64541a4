import fc from 'fast-check';
import { localDateOf } from './zoned-time';

const DAY = 86_400_000;

describe('localDateOf (the calendar date in a zone)', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/St_Johns',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
    'Asia/Kathmandu',
  ];

  it('is the date Intl gives for the instant in the zone, around midnight and across DST', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          expect(localDateOf(ms, zone)).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(ms));
        },
      ),
    );
  });

  it('turns at local midnight, not at UTC midnight', () => {
    const before = Date.UTC(2026, 11, 5, 22, 59); // 23:59 in Berlin
    expect(localDateOf(before, 'Europe/Berlin')).toBe('2026-12-05');
    expect(localDateOf(before + 60_000, 'Europe/Berlin')).toBe('2026-12-06');
    expect(localDateOf(before + 60_000, 'UTC')).toBe('2026-12-05');
  });

  it('stays exact when asked again and again around midnight (its answer per minute is kept)', () => {
    // UTC times of day at which one of the zones reaches midnight (summer and winter)
    const midnights = ['00:00', '22:00', '23:00', '02:30', '03:30', '10:00', '11:00', '18:15'].map(
      (t) => (Number(t.slice(0, 2)) * 60 + Number(t.slice(3))) * 60_000,
    );
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / DAY, max: Date.UTC(2030, 0, 1) / DAY }),
        fc.constantFrom(...midnights),
        fc.array(fc.tuple(fc.constantFrom(...zones), fc.integer({ min: -180_000, max: 180_000 })), {
          minLength: 2,
          maxLength: 30,
        }),
        (day, midnight, asks) => {
          // time goes forwards, as "today" is asked
          for (const [zone, delta] of asks.sort((a, b) => a[1] - b[1])) {
            const ms = day * DAY + midnight + delta;
            expect(localDateOf(ms, zone)).toBe(
              new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(ms),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
