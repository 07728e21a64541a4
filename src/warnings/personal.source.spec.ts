import type { Dismissal, PersonalCheckIn } from './personal.inputs';
import {
  MAX_CACHED_PEOPLE,
  PERSONAL_LOOKBACK_MS,
  type PersonalReads,
  PersonalSource,
  SETTLE_MS,
} from './personal.source';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-05T08:00:00Z');

/** Reads over plain lists, counting the calls that cost a round trip. */
function world(scopes: string[] = ['early-warning', 'self-report']) {
  const w = {
    now: NOW,
    scopes: new Set(scopes),
    dismissals: [] as Dismissal[],
    checkIns: [] as PersonalCheckIn[],
    catchUps: 0,
    queries: 0,
  };
  const reads: PersonalReads = {
    allows: (_s, scope) => w.scopes.has(scope),
    inboxCatchUp: async () => {
      w.catchUps++;
    },
    dismissals: (_s, from, until) => w.dismissals.filter((d) => d.atMs >= from && d.atMs < until),
    checkIns: async (_s, from) => {
      w.queries++;
      return w.checkIns.filter((c) => c.atMs >= from);
    },
    now: () => w.now,
  };
  return { w, source: new PersonalSource(reads) };
}

const checkIn = (atMs: number): PersonalCheckIn => ({ atMs, stress: 4, sleepQuality: 2 });

describe('PersonalSource', () => {
  it('gives a night the inputs given in the lookback before it ended, and nothing after', async () => {
    const { w, source } = world();
    const end = NOW - 2 * DAY;
    w.dismissals = [
      { asOf: '2026-10-01', reason: 'travel', atMs: end - PERSONAL_LOOKBACK_MS - 1 },
      { asOf: '2026-12-01', reason: 'late-night', atMs: end - DAY },
      { asOf: '2026-12-03', reason: 'ill', atMs: end + 1 },
    ];
    w.checkIns = [checkIn(end - PERSONAL_LOOKBACK_MS - 1), checkIn(end - 3 * DAY), checkIn(end)];
    const got = await source.inputs('p', 's', end);
    expect(got.dismissals.map((d) => d.reason)).toEqual(['late-night']);
    expect(got.checkIns.map((c) => c.atMs)).toEqual([end - 3 * DAY]);
  });

  it('uses check-ins only with self-report, and nothing at all without early-warning', async () => {
    const { w, source } = world(['early-warning']);
    w.dismissals = [{ asOf: '2026-12-01', reason: 'travel', atMs: NOW - 3 * DAY }];
    w.checkIns = [checkIn(NOW - 3 * DAY)];
    expect(await source.inputs('p', 's', NOW - DAY)).toEqual({ dismissals: w.dismissals, checkIns: [] });
    expect(w.queries).toBe(0);
    w.scopes = new Set(['self-report']);
    expect(await source.inputs('p', 's', NOW - DAY)).toEqual({ dismissals: [], checkIns: [] });
    expect(w.queries + w.catchUps).toBe(1); // the barrier of the first night only
  });

  it('reads once for a replay of old nights, and again for every night that ended lately', async () => {
    const { w, source } = world();
    w.checkIns = [checkIn(NOW - 100 * DAY)];
    for (let d = 90; d >= 10; d--) await source.inputs('p', 's', NOW - d * DAY);
    expect(w.catchUps).toBe(1);
    expect(w.queries).toBe(1);
    // a night that just ended: an input given a minute before it may still be on its way
    await source.inputs('p', 's', NOW - 60_000);
    await source.inputs('p', 's', NOW - 30_000);
    expect(w.catchUps).toBe(3);
    expect(w.queries).toBe(3);
    w.now += SETTLE_MS + 60_000;
    await source.inputs('p', 's', NOW - 60_000);
    expect(w.queries).toBe(4);
    await source.inputs('p', 's', NOW - 60_000);
    expect(w.queries).toBe(4);
  });

  it('sees a check-in given on another instance after its cache was filled', async () => {
    const { w, source } = world();
    await source.inputs('p', 's', NOW - 10 * DAY);
    w.checkIns = [checkIn(NOW + 1000)];
    w.now += 2 * DAY;
    const got = await source.inputs('p', 's', NOW + DAY);
    expect(got.checkIns).toHaveLength(1);
  });

  it('forgets what it read on withdrawal, and keeps at most MAX_CACHED_PEOPLE', async () => {
    const { w, source } = world();
    await source.inputs('p', 's', NOW - 10 * DAY);
    source.forget(['p']);
    await source.inputs('p', 's', NOW - 9 * DAY);
    expect(w.queries).toBe(2);
    for (let i = 0; i <= MAX_CACHED_PEOPLE; i++) await source.inputs(`q${i}`, 's', NOW - 9 * DAY);
    const before = w.queries;
    await source.inputs(`q${MAX_CACHED_PEOPLE}`, 's', NOW - 8 * DAY);
    await source.inputs('p', 's', NOW - 8 * DAY); // pushed out by the others
    expect(w.queries - before).toBe(1);
  });
});
