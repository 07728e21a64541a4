import fc from 'fast-check';
import { localDateOf } from './zoned-time';

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
});
