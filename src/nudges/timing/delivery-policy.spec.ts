import { checkDelivery, type DeliveryRecord } from './delivery-policy';

const H = 3_600_000;
const D = 24 * H;
const now = new Date('2026-11-20T07:30:00Z');
const ago = (ms: number, level: DeliveryRecord['level'] = 'watch'): DeliveryRecord => ({
  at: new Date(now.getTime() - ms),
  level,
});

describe('delivery policy: 3-day cooldown, at most 2 per 7 days', () => {
  it('allows the first nudge', () => {
    expect(checkDelivery([], 'watch', now)).toEqual({ allowed: true, escalation: false });
  });

  it('holds a nudge within 3 days of the last one', () => {
    expect(checkDelivery([ago(2 * D)], 'watch', now)).toEqual({
      allowed: false,
      reason: 'cooldown',
      until: new Date(now.getTime() + D),
    });
    expect(checkDelivery([ago(3 * D)], 'watch', now).allowed).toBe(true);
    expect(checkDelivery([ago(D, 'warning')], 'warning', now)).toMatchObject({
      allowed: false,
      reason: 'cooldown',
    });
  });

  it('lets watch → warning escalate through the cooldown, but not warning → watch', () => {
    expect(checkDelivery([ago(D, 'watch')], 'warning', now)).toEqual({ allowed: true, escalation: true });
    expect(checkDelivery([ago(D, 'warning')], 'watch', now).allowed).toBe(false);
  });

  it('caps at 2 per rolling 7 days, escalation included, until the oldest ages out', () => {
    const history = [ago(6 * D), ago(3.5 * D)];
    expect(checkDelivery(history, 'watch', now)).toEqual({
      allowed: false,
      reason: 'weekly-cap',
      until: new Date(now.getTime() + D),
    });
    expect(checkDelivery([ago(6 * D, 'warning'), ago(H, 'watch')], 'warning', now)).toMatchObject({
      allowed: false,
      reason: 'weekly-cap',
    });
    expect(checkDelivery([ago(8 * D), ago(3.5 * D)], 'watch', now).allowed).toBe(true);
  });

  it('reports the later of two blocking rules', () => {
    const d = checkDelivery([ago(6.5 * D), ago(D)], 'watch', now);
    expect(d).toEqual({ allowed: false, reason: 'cooldown', until: new Date(now.getTime() + 2 * D) });
  });

  it('counts a nudge already scheduled for later, and accepts ISO strings in any order', () => {
    const pending = { at: '2026-11-21T06:30:00Z', level: 'watch' as const };
    expect(checkDelivery([pending], 'watch', now)).toMatchObject({ allowed: false, reason: 'cooldown' });
    expect(
      checkDelivery([{ at: '2026-11-17T07:30:00+00:00', level: 'watch' }, ago(8 * D)], 'watch', now).allowed,
    ).toBe(true);
  });
});
