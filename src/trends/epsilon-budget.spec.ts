import fc from 'fast-check';
import { canSpend, type EpsilonLedger, pruneLedger, spend, spent, utcDay } from './epsilon-budget';

describe('epsilon budget', () => {
  it('never lets a cohort-day exceed its budget, however releases are attempted', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.constantFrom('2026-11-20', '2026-11-21')), {
          maxLength: 60,
        }),
        (epsilon, budget, attempts) => {
          let ledger: EpsilonLedger = {};
          for (const [cohort, day] of attempts) {
            if (canSpend(ledger, cohort, day, epsilon, budget))
              ledger = spend(ledger, cohort, day, epsilon, budget);
            else expect(() => spend(ledger, cohort, day, epsilon, budget)).toThrow('exceeded');
            expect(spent(ledger, cohort, day)).toBeLessThanOrEqual(budget + 1e-9);
          }
        },
      ),
    );
  });

  it('fits ten releases of 0.1 into a budget of 1 despite float sums', () => {
    let ledger: EpsilonLedger = {};
    for (let i = 0; i < 10; i++) ledger = spend(ledger, 'a', '2026-11-20', 0.1, 1);
    expect(canSpend(ledger, 'a', '2026-11-20', 0.1, 1)).toBe(false);
  });

  it('keys days in UTC and prunes past days', () => {
    expect(utcDay(new Date('2026-11-20T23:30:00-02:00'))).toBe('2026-11-21');
    const ledger = { 'a|2026-11-19': 1, 'x|y|2026-11-20': 1 };
    expect(pruneLedger(ledger, '2026-11-20')).toEqual({ 'x|y|2026-11-20': 1 });
  });
});
