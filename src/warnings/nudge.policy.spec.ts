import { nudgeAllowed, recordNudge } from './nudge.policy';

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
