import { configError } from '../config/config.fixtures';
import { baselineWeeks, blockOf } from '../trends/trends.history';
import { lastPeriod } from '../trends/trends.periods';
import { retentionCutoffs } from './retention.cutoffs';

const DAY_MS = 86_400_000;
const days = { RETENTION_RAW_DAYS: 90, RETENTION_DAILY_DAYS: 400 };
/** Would a point at `at` be deleted by a run at `now`? (The adapter deletes time < stop.) */
const deleted = (at: Date, now: Date, m: 'hrv' | 'daily' = 'hrv') => at < retentionCutoffs(now, days)[m];

describe('retentionCutoffs', () => {
  it('cuts at 00:00 UTC of the date N days before today, per measurement', () => {
    const now = new Date('2026-11-20T03:15:00Z');
    expect(retentionCutoffs(now, days)).toEqual({
      hrv: new Date('2026-08-22T00:00:00Z'),
      sleep: new Date('2026-08-22T00:00:00Z'),
      daily: new Date('2025-10-16T00:00:00Z'),
      checkin: new Date('2026-08-22T00:00:00Z'),
      trend_week: new Date('2025-10-16T00:00:00Z'),
    });
  });

  it('is the same instant all day long: whole UTC days go', () => {
    const cut = retentionCutoffs(new Date('2026-11-20T00:00:00.000Z'), days);
    expect(retentionCutoffs(new Date('2026-11-20T23:59:59.999Z'), days)).toEqual(cut);
    expect(retentionCutoffs(new Date('2026-11-21T00:00:00.000Z'), days).hrv.getTime()).toBe(
      cut.hrv.getTime() + DAY_MS,
    );
  });

  it('keeps a point exactly N days old, and one N days and a bit old on the cutoff date', () => {
    const midnight = new Date('2026-11-20T00:00:00Z');
    expect(deleted(new Date(midnight.getTime() - 90 * DAY_MS), midnight)).toBe(false);
    const later = new Date('2026-11-20T03:15:00Z');
    expect(deleted(new Date(later.getTime() - 90 * DAY_MS), later)).toBe(false);
    // on the date before the cutoff date: gone, the last millisecond included
    expect(deleted(new Date('2026-08-21T23:59:59.999Z'), later)).toBe(true);
    expect(deleted(new Date('2026-08-22T00:00:00.000Z'), later)).toBe(false);
  });

  it('never deletes a point younger than N days, at any time of day', () => {
    for (let h = 0; h < 48; h++) {
      const now = new Date(Date.UTC(2026, 2, 28) + h * 3_600_000 + 59_999);
      expect(deleted(new Date(now.getTime() - 90 * DAY_MS + 1), now)).toBe(false);
      expect(deleted(new Date(now.getTime() - 91 * DAY_MS), now)).toBe(true);
      expect(deleted(new Date(now.getTime() - 400 * DAY_MS + 1), now, 'daily')).toBe(false);
      expect(deleted(new Date(now.getTime() - 401 * DAY_MS), now, 'daily')).toBe(true);
    }
  });

  it('keeps daily points stamped at 00:00 UTC up to N days back (the wake dates of the ages)', () => {
    const now = new Date('2026-11-20T03:15:00Z');
    const stamp = (age: number) => new Date(Date.UTC(2026, 10, 20) - age * DAY_MS);
    const kept = [5, 89, 91, 150, 399, 400, 401].filter((age) => !deleted(stamp(age), now, 'daily'));
    expect(kept).toEqual([5, 89, 91, 150, 399, 400]);
  });

  it('ignores daylight saving: 2026-03-29 (EU) and 2026-03-08 (US) are ordinary UTC days', () => {
    const a = retentionCutoffs(new Date('2026-06-27T12:00:00Z'), days).hrv; // 90 days after 03-29
    expect(a.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    const b = retentionCutoffs(new Date('2026-06-06T23:30:00+02:00'), days).hrv; // 21:30 UTC
    expect(b.toISOString()).toBe('2026-03-08T00:00:00.000Z');
  });

  it('keeps every kept block a trends run reads, at the smallest daily retention, on any weekday', () => {
    const smallest = { RETENTION_RAW_DAYS: 14, RETENTION_DAILY_DAYS: 120 };
    // the smallest the configuration accepts
    expect(configError({ RETENTION_DAILY_DAYS: '119' })).not.toBe('accepted');
    expect(configError({ RETENTION_DAILY_DAYS: '120' })).toBe('accepted');
    let runs = 0;
    for (let d = 0; d < 2 * 365; d++) {
      for (const hour of [0, 18.5, 23.99]) {
        const now = new Date(Date.UTC(2026, 0, 1) + d * DAY_MS + hour * 3_600_000);
        for (const kind of ['daily', 'weekly'] as const) {
          // the first night of the run's baseline window, and the record it is stored in
          const { from } = baselineWeeks(lastPeriod(kind, now).start);
          const stamp = new Date(`${blockOf(from)}T00:00:00Z`);
          expect({ now, kind, kept: stamp >= retentionCutoffs(now, smallest).trend_week }).toMatchObject({
            kept: true,
          });
          runs++;
        }
      }
    }
    expect(runs).toBe(2 * 365 * 3 * 2);
  });
});
