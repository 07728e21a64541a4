import { checkDelivery } from '../nudges/timing/delivery-policy';
import { NUDGE_RATE, nudgeAllowed, recordNudge } from './nudge.policy';

const cfg = { cooldownDays: 3, weeklyCap: 2 };

describe('nudge policy', () => {
  it('waits out the cooldown after a nudge', () => {
    expect(nudgeAllowed([], 100, cfg)).toBe(true);
    expect(nudgeAllowed([100], 102, cfg)).toBe(false);
    expect(nudgeAllowed([100], 103, cfg)).toBe(true);
  });

  it('caps nudges in any 7 days', () => {
    expect(nudgeAllowed([100, 103], 106, cfg)).toBe(false);
    expect(nudgeAllowed([100, 103], 107, cfg)).toBe(true);
    expect(nudgeAllowed([100], 106, { cooldownDays: 1, weeklyCap: 1 })).toBe(false);
  });

  it('remembers only the latest four', () => {
    const days: number[] = [];
    for (const d of [1, 5, 9, 13, 17]) recordNudge(days, d);
    expect(days).toEqual([5, 9, 13, 17]);
  });
});

describe('one rate policy on two clocks', () => {
  it('decides the same in event days (warnings) and in elapsed time (delivery)', () => {
    const DAY = 86_400_000;
    for (let seed = 0; seed < 200; seed++) {
      const days: number[] = [];
      for (let d = 0, x = seed; d < 30; d++) {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        if (x % 3 === 0 && nudgeAllowed(days, d, NUDGE_RATE)) recordNudge(days, d);
        const history = days.map((t) => ({ at: new Date(t * DAY), level: 'warning' as const }));
        const delivery = checkDelivery(history, 'warning', new Date(d * DAY), NUDGE_RATE).allowed;
        expect(delivery).toBe(nudgeAllowed(days, d, NUDGE_RATE));
      }
    }
  });
});
