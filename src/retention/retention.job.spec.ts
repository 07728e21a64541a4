import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../config/config.schema';
import type { PointEraser } from '../influx/influx.eraser';
import { MetricsService } from '../metrics/metrics.service';
import { RetentionJob } from './retention.job';

const config = (enabled: boolean) =>
  ({
    RETENTION_RAW_DAYS: 90,
    RETENTION_DAILY_DAYS: 400,
    RETENTION_SCHEDULE_ENABLED: enabled,
    RETENTION_CRON: '15 3 * * *',
  }) as AppConfig;

function setup(deleteBefore: jest.Mock, enabled = true) {
  const metrics = new MetricsService();
  const registry = new SchedulerRegistry();
  const retention = { deleteBefore } as unknown as PointEraser;
  return { job: new RetentionJob(config(enabled), registry, retention, metrics), registry, metrics };
}

async function metric(metrics: MetricsService, name: string): Promise<Record<string, number>> {
  const m = await metrics.registry.getSingleMetric(name)!.get();
  return Object.fromEntries(m.values.map((v) => [String(v.labels.outcome ?? ''), v.value]));
}

const now = new Date('2026-11-20T03:15:00Z');

describe('RetentionJob', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('registers one UTC cron from the config, and removes it on shutdown', () => {
    const { job, registry } = setup(jest.fn());
    job.onApplicationBootstrap();
    expect(registry.getCronJob('influx-retention').cronTime.source).toBe('15 3 * * *');
    expect(registry.getCronJob('influx-retention').cronTime.timeZone).toBe('UTC');
    job.beforeApplicationShutdown();
    expect(registry.getCronJobs().size).toBe(0);
  });

  it('schedules nothing when disabled', () => {
    const { job, registry } = setup(jest.fn(), false);
    job.onApplicationBootstrap();
    expect(registry.getCronJobs().size).toBe(0);
  });

  it('deletes each measurement before its cutoff, counts the run and stamps the last success', async () => {
    const deleteBefore = jest.fn().mockResolvedValue(undefined);
    const { job, metrics } = setup(deleteBefore);
    await expect(job.run(now)).resolves.toBe('ok');
    expect(deleteBefore.mock.calls).toEqual([
      ['hrv', new Date('2026-08-22T00:00:00Z')],
      ['sleep', new Date('2026-08-22T00:00:00Z')],
      ['daily', new Date('2025-10-16T00:00:00Z')],
      ['checkin', new Date('2026-08-22T00:00:00Z')],
      ['trend_week', new Date('2025-10-16T00:00:00Z')],
    ]);
    expect(await metric(metrics, 'respite_retention_runs_total')).toEqual({ ok: 1, failed: 0 });
    expect(await metric(metrics, 'respite_retention_last_success_timestamp_seconds')).toEqual({
      '': now.getTime() / 1000,
    });
  });

  it('a failed delete is counted, the others still run, nothing throws, the next run tries again', async () => {
    const deleteBefore = jest
      .fn()
      .mockResolvedValueOnce(undefined)
      .mockRejectedValueOnce(new Error('influx down'))
      .mockResolvedValue(undefined);
    const { job, metrics } = setup(deleteBefore);
    await expect(job.run(now)).resolves.toBe('failed');
    expect(deleteBefore.mock.calls.map((c) => c[0])).toEqual([
      'hrv',
      'sleep',
      'daily',
      'checkin',
      'trend_week',
    ]);
    expect(await metric(metrics, 'respite_retention_last_success_timestamp_seconds')).toEqual({ '': 0 });
    await expect(job.run(now)).resolves.toBe('ok');
    expect(await metric(metrics, 'respite_retention_runs_total')).toEqual({ ok: 1, failed: 1 });
  });

  it('a tick while a run is still going is skipped, not run twice at once', async () => {
    let release = () => {};
    const deleteBefore = jest
      .fn()
      .mockImplementationOnce(() => new Promise<void>((r) => (release = r)))
      .mockResolvedValue(undefined);
    const { job, metrics } = setup(deleteBefore);
    const first = job.run(now);
    await expect(job.run(now)).resolves.toBe('skipped');
    release();
    await expect(first).resolves.toBe('ok');
    expect(deleteBefore).toHaveBeenCalledTimes(5);
    expect(await metric(metrics, 'respite_retention_runs_total')).toEqual({ ok: 1, failed: 0, skipped: 1 });
  });
});
