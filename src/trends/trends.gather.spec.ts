import type { ConsentService } from '../consent/consent.service';
import { ConsentView } from '../consent/consent.view';
import type { CohortQuery, DailyRow, PidNights } from '../influx/influx.cohort-query';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { contributionOf, mergeNights } from './trends.contributions';
import { TrendContributions } from './trends.gather';
import type { TrendSettings } from './trends.settings';

// How the gatherer uses the stream's answers: the stream itself runs against InfluxDB in
// test/integration/trends-stream.int-spec.ts. Here the stream hands a pid over twice, which the
// engine's order makes unlikely but Flux does not promise: the person is computed on the per-pid path.

const period = { start: '2026-11-23', end: '2026-11-29' };
const night = (day: number, lnRmssd: number) => ({
  night: new Date(Date.UTC(2026, 10, day)).toISOString().slice(0, 10),
  lnRmssd,
  rhrBpm: 55 + (day % 3),
});
const before = Array.from({ length: 20 }, (_, i) => night(i + 1, 3.8 + (i % 2) / 10));
const during = Array.from({ length: 7 }, (_, i) => night(i + 23, 3.5));

describe('TrendContributions over the stream', () => {
  const pseudonymizer = new Pseudonymizer([{ keyId: 'k1', secret: 'gather-spec' }]);
  const view = new ConsentView();
  for (const s of ['a', 'b'])
    view.apply(s, {
      subjectId: s,
      status: 'granted',
      scopes: ['aggregate-trends'],
      cohorts: ['unit:x'],
      policyVersion: '2026-11',
      at: '2026-11-30T00:00:00Z',
      erase: false,
    });
  const consent = { ready: Promise.resolve(), view } as unknown as ConsentService;
  const [a, b] = [pseudonymizer.pid('a'), pseudonymizer.pid('b')];
  const rows = (pid: string, nights: typeof before): DailyRow[] => nights.map((n) => ({ pid, ...n }));
  const expected = contributionOf({
    id: 'x',
    cohorts: ['unit:x'],
    period: mergeNights(during),
    history: mergeNights(before),
    periodDays: 7,
  });

  it('computes a person whose pid came back later in the stream from the per-pid queries', async () => {
    const asked: string[][] = [];
    const query = {
      nightsByPid: async (_: unknown, each: (pid: string, n: PidNights) => void) => {
        each(a, { before: before.slice(0, 10), from: during.slice(0, 2) });
        each(b, { before, from: during });
        each(a, { before: before.slice(10), from: during.slice(2) });
      },
      nightsBetween: async (pids: string[]) => {
        asked.push(pids);
        return rows(a, during);
      },
      latestNightsBefore: async () => rows(a, before),
    } as unknown as CohortQuery;
    const got = await new TrendContributions(consent, pseudonymizer, query, {
      salt: 'x',
    } as TrendSettings).forPeriod(period, ['unit:x']);
    expect(asked).toEqual([[a]]);
    const figures = got.map(({ pid: _, ...c }) => c);
    const { pid: _, ...want } = expected;
    expect(figures).toEqual([want, want]);
    expect(want.hrvDeviation).toBeLessThan(-0.2);
  });
});
