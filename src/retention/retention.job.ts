import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Counter, Gauge } from 'prom-client';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { PointEraser } from '../influx/influx.eraser';
import { MetricsService } from '../metrics/metrics.service';
import { RETAINED, retentionCutoffs } from './retention.cutoffs';

const JOB = 'influx-retention';

export type RetentionOutcome = 'ok' | 'failed' | 'skipped';

/**
 * Storage limitation (GDPR Art. 5(1)(e)): once a day (RETENTION_CRON, UTC) the raw readings older
 * than RETENTION_RAW_DAYS and the nightly summaries older than RETENTION_DAILY_DAYS are deleted,
 * for everyone at once. Wall clock, not event time (DESIGN §4): what is old depends on today. A
 * failed run changes nothing that the next one cannot finish, since the deletes are idempotent.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(RetentionJob.name);
  private readonly runs: Counter<'outcome'>;
  private readonly lastSuccess: Gauge;
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SchedulerRegistry) private readonly scheduler: SchedulerRegistry,
    @Inject(PointEraser) private readonly retention: PointEraser,
    @Inject(MetricsService) metrics: MetricsService,
  ) {
    this.runs = new Counter({
      name: 'respite_retention_runs_total',
      help: 'Retention runs by outcome (ok, failed: some delete failed, skipped: the previous run was still going)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    // present from the start, so that an alert on failures (or on no successes) has a series
    for (const outcome of ['ok', 'failed'] as const) this.runs.inc({ outcome }, 0);
    this.lastSuccess = new Gauge({
      name: 'respite_retention_last_success_timestamp_seconds',
      help: 'When the last retention run that deleted everything it should started (Unix seconds)',
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.RETENTION_SCHEDULE_ENABLED) return;
    const job = CronJob.from({
      cronTime: this.config.RETENTION_CRON,
      timeZone: 'UTC',
      onTick: () => void this.run(),
    });
    this.scheduler.addCronJob(JOB, job);
    job.start();
  }

  /**
   * One run. Every measurement is tried even if one delete fails, so a failure keeps as few points
   * as it can past their time. Never throws: the outcome is logged and counted.
   */
  async run(now = new Date()): Promise<RetentionOutcome> {
    if (this.running) {
      this.log.warn('retention skipped: the previous run is still going');
      this.runs.inc({ outcome: 'skipped' });
      return 'skipped';
    }
    this.running = true;
    try {
      const cutoffs = retentionCutoffs(now, this.config);
      const failed: string[] = [];
      for (const m of RETAINED) {
        try {
          await this.retention.deleteBefore(m, cutoffs[m]);
        } catch (err) {
          failed.push(`${m} (${err instanceof Error ? err.message : 'unknown error'})`);
        }
      }
      const what = RETAINED.map((m) => `${m} before ${cutoffs[m].toISOString()}`).join(', ');
      if (failed.length > 0) {
        this.log.error(
          `retention failed for ${failed.join(', ')}; the next run tries again. Cutoffs: ${what}`,
        );
        this.runs.inc({ outcome: 'failed' });
        return 'failed';
      }
      this.log.log(`retention: deleted ${what}`);
      this.runs.inc({ outcome: 'ok' });
      this.lastSuccess.set(now.getTime() / 1000);
      return 'ok';
    } finally {
      this.running = false;
    }
  }

  // An interrupted run is not waited for: its deletes are idempotent and the next run repeats them.
  beforeApplicationShutdown(): void {
    if (!this.scheduler.doesExist('cron', JOB)) return;
    void this.scheduler.getCronJob(JOB).stop();
    this.scheduler.deleteCronJob(JOB);
  }
}
