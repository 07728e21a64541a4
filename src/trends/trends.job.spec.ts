import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../config/config.schema';
import { TrendsJob } from './trends.job';
import type { TrendsService } from './trends.service';

const config = (enabled: boolean) =>
  ({
    TRENDS_SCHEDULE_ENABLED: enabled,
    TRENDS_CRON_DAILY: '0 18 * * *',
    TRENDS_CRON_WEEKLY: '30 18 * * 1',
  }) as AppConfig;

describe('TrendsJob', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('registers a daily and a weekly UTC cron, and removes them on shutdown', () => {
    const registry = new SchedulerRegistry();
    const job = new TrendsJob(config(true), registry, {} as TrendsService);
    job.onApplicationBootstrap();
    expect(registry.getCronJob('trends-daily').cronTime.source).toBe('0 18 * * *');
    expect(registry.getCronJob('trends-weekly').cronTime.source).toBe('30 18 * * 1');
    expect(registry.getCronJob('trends-daily').cronTime.timeZone).toBe('UTC');
    job.beforeApplicationShutdown();
    expect(registry.getCronJobs().size).toBe(0);
  });

  it('schedules nothing when disabled', () => {
    const registry = new SchedulerRegistry();
    new TrendsJob(config(false), registry, {} as TrendsService).onApplicationBootstrap();
    expect(registry.getCronJobs().size).toBe(0);
  });

  it('a tick only hands the last complete period to the service, and survives its failure', async () => {
    const runPeriod = jest.fn().mockRejectedValue(new Error('influx down'));
    const job = new TrendsJob(config(true), new SchedulerRegistry(), {
      runPeriod,
    } as unknown as TrendsService);
    const now = new Date('2026-11-23T18:30:00Z');
    job.trigger('daily', now);
    job.trigger('weekly', now);
    await new Promise((r) => setImmediate(r));
    expect(runPeriod.mock.calls).toEqual([
      [{ start: '2026-11-22', end: '2026-11-22' }, now],
      [{ start: '2026-11-16', end: '2026-11-22' }, now],
    ]);
  });
});
