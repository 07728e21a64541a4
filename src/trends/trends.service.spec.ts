import { Logger } from '@nestjs/common';
import { ConfigError } from '../config/config.schema';
import type { OutgoingRecord } from '../kafka/kafka.types';
import { MetricsService } from '../metrics/metrics.service';
import type { TrendContributions } from './trends.gather';
import { type LogPort, TrendsService } from './trends.service';
import { trendSettings } from './trends.settings';
import type { Contribution, TrendRecord } from './trends.types';

/** A topic in memory; `journal` records the order of writes across topics. */
class FakeLog implements LogPort {
  readonly records: OutgoingRecord[] = [];
  failNext = false;
  constructor(
    readonly name: string,
    private readonly journal: string[],
  ) {}
  async start(handler: (key: string, value: Buffer | null) => void): Promise<void> {
    for (const r of this.records) handler(r.key!, r.value === null ? null : Buffer.from(r.value as string));
  }
  async append(records: readonly OutgoingRecord[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker down');
    }
    if (records.length > 0) this.journal.push(this.name);
    this.records.push(...records);
  }
  async stop(): Promise<void> {}
}

const settings = trendSettings(
  {
    NODE_ENV: 'test',
    TRENDS_K: 10,
    TRENDS_EPSILON: 0,
    TRENDS_DAILY_EPSILON_BUDGET: 3,
    TRENDS_SALT: 'service-spec-salt-0123',
    TRENDS_COHORTS: ['unit:small', 'unit:large'],
    TRENDS_MEMORY_DAYS: 90,
  },
  () => undefined,
);
const people = (n: number, cohort: string, from = 0): Contribution[] =>
  Array.from({ length: n }, (_, i) => ({
    pid: `m.${cohort}${from + i}`,
    cohorts: [cohort],
    hrvDeviation: -0.4,
    outsideNormal: true,
    sleepHours: 6.5,
    rhrDeviation: 4,
  }));
const day = (d: string) => ({ start: d, end: d });
const NOW = new Date('2026-11-30T18:00:00Z');

describe('TrendsService', () => {
  let journal: string[];
  let records: FakeLog;
  let state: FakeLog;
  let current: Contribution[];
  const start = async () => {
    const gather = { forPeriod: async () => current } as unknown as TrendContributions;
    const s = new TrendsService(settings, gather, records, state, new MetricsService());
    await s.onApplicationBootstrap();
    return s;
  };
  const published = () => records.records.map((r) => JSON.parse(r.value as string) as TrendRecord);

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    journal = [];
    records = new FakeLog('records', journal);
    state = new FakeLog('state', journal);
    current = [...people(6, 'unit:small'), ...people(25, 'unit:large')];
  });

  it('publishes only cohorts with figures, after remembering them', async () => {
    const s = await start();
    const summary = await s.runPeriod(day('2026-11-28'), NOW);
    expect(journal).toEqual(['state', 'records']);
    expect(published().map((r) => [r.cohortId, r.contributors])).toEqual([['unit:large', 25]]);
    expect(summary.cohorts).toEqual([
      expect.objectContaining({ cohortId: 'unit:small', contributors: 6, published: false }),
      { cohortId: 'unit:large', contributors: 25, published: true, suppressed: {} },
    ]);
    expect(summary.cohorts[0]!.suppressed).toMatchObject({ sleepHoursMedian: 'below-k' });
    expect(s.publishedFor('unit:large')).toEqual(published());
    expect(s.publishedFor('unit:small')).toEqual([]);
    expect(JSON.stringify([...records.records, ...state.records])).not.toMatch(/m\.unit/);
  });

  it('repeats nothing when a period is run again, before or after a restart', async () => {
    await (await start()).runPeriod(day('2026-11-28'), NOW);
    const again = await (await start()).runPeriod(day('2026-11-28'), NOW);
    expect(again.cohorts[1]).toMatchObject({ published: true });
    expect(records.records).toHaveLength(1);
  });

  it('remembers across a restart: one person fewer is a differencing pair and is withheld', async () => {
    await (await start()).runPeriod(day('2026-11-28'), NOW);
    current = current.filter((c) => c.pid !== 'm.unit:large0');
    const restarted = await start();
    expect(restarted.publishedFor('unit:large')).toHaveLength(1);
    const summary = await restarted.runPeriod(day('2026-11-29'), NOW);
    expect(summary.cohorts[1]).toMatchObject({ contributors: 24, published: false });
    expect(new Set(Object.values(summary.cohorts[1]!.suppressed))).toEqual(new Set(['differencing']));
    expect(records.records).toHaveLength(1);
  });

  it('publishes nothing when the state cannot be written, and changes nothing', async () => {
    const s = await start();
    state.failNext = true;
    await expect(s.runPeriod(day('2026-11-28'), NOW)).rejects.toThrow('broker down');
    expect(records.records).toEqual([]);
    const summary = await s.runPeriod(day('2026-11-28'), NOW);
    expect(summary.cohorts[1]).toMatchObject({ published: true });
    expect(records.records).toHaveLength(1);
  });

  it('refuses a period that is not a range of dates', async () => {
    const s = await start();
    await expect(
      s.runPeriod({ start: '2026-11-28T00:00:00Z', end: '2026-11-28' }, NOW),
    ).rejects.toMatchObject({
      path: 'period.start',
    });
  });

  it('refuses to start, naming TRENDS_SALT in one line, when the stored memory was built with another salt', async () => {
    const s = await start();
    await s.runPeriod(day('2026-11-28'), NOW);
    const other = trendSettings(
      {
        NODE_ENV: 'test',
        TRENDS_K: 10,
        TRENDS_EPSILON: 0,
        TRENDS_DAILY_EPSILON_BUDGET: 3,
        TRENDS_SALT: 'another-spec-salt-456',
        TRENDS_COHORTS: ['unit:small', 'unit:large'],
        TRENDS_MEMORY_DAYS: 90,
      },
      () => undefined,
    );
    const gather = { forPeriod: async () => current } as unknown as TrendContributions;
    const restarted = new TrendsService(other, gather, records, state, new MetricsService());
    const err = await restarted.onApplicationBootstrap().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const [head, line, ...more] = (err as Error).message.split('\n');
    expect([head, more]).toEqual(['invalid configuration:', []]);
    expect(line).toMatch(/^ {2}TRENDS_SALT: the stored trend memory .* another salt/);
  });
});
