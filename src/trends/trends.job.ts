import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { lastPeriod, type PeriodKind } from './trends.periods';
import { TrendsService } from './trends.service';

const JOBS = { daily: 'trends-daily', weekly: 'trends-weekly' } as const;

/**
 * The wall-clock schedule of trend publication (UTC). Each tick only names the last complete period
 * and hands it to TrendsService; a tick while a run is still going queues behind it. Cron times come
 * from the configuration, so the jobs are registered here rather than with @Cron.
 */
@Injectable()
export class TrendsJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(TrendsJob.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SchedulerRegistry) private readonly scheduler: SchedulerRegistry,
    @Inject(TrendsService) private readonly trends: TrendsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.TRENDS_SCHEDULE_ENABLED) return;
    this.schedule('daily', this.config.TRENDS_CRON_DAILY);
    this.schedule('weekly', this.config.TRENDS_CRON_WEEKLY);
  }

  private schedule(kind: PeriodKind, cronTime: string): void {
    const job = CronJob.from({ cronTime, timeZone: 'UTC', onTick: () => this.trigger(kind) });
    this.scheduler.addCronJob(JOBS[kind], job);
    job.start();
  }

  /** A tick: publish the last complete period of this kind. */
  trigger(kind: PeriodKind, now = new Date()): void {
    const period = lastPeriod(kind, now);
    this.trends.runPeriod(period, now).catch((err: unknown) => {
      const why = err instanceof Error ? err.message : 'unknown error';
      this.log.error(`${kind} trends for ${period.start}..${period.end} failed: ${why}`);
    });
  }

  beforeApplicationShutdown(): void {
    for (const name of Object.values(JOBS)) {
      if (!this.scheduler.doesExist('cron', name)) continue;
      void this.scheduler.getCronJob(name).stop();
      this.scheduler.deleteCronJob(name);
    }
  }
}
