import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Counter } from 'prom-client';
import { ConfigError } from '../config/config.schema';
import type { TrendsLog } from '../kafka/kafka.trends-log';
import { MetricsService } from '../metrics/metrics.service';
import { pruneLedger, utcDay } from './epsilon-budget';
import { contributorCount, groupByCohort, metricInputs } from './k-anonymity';
import { cryptoRng } from './laplace';
import { pruneMemory } from './suppression';
import type { TrendContributions } from './trends.gather';
import { assertDatePeriod } from './trends.periods';
import { releaseTrends } from './trends.release';
import { TREND_SETTINGS, type TrendSettings } from './trends.settings';
import { TrendStateFold } from './trends.state';
import { PublishedTrends, type TrendFilter } from './trends.store';
import {
  type MetricName,
  type Period,
  type SuppressionReason,
  type TrendRecord,
  TrendsError,
} from './trends.types';

export const TREND_RECORDS_LOG = Symbol('TREND_RECORDS_LOG');
export const TREND_STATE_LOG = Symbol('TREND_STATE_LOG');
export const TREND_CONTRIBUTIONS = Symbol('TREND_CONTRIBUTIONS');

/** The part of a TrendsLog the service uses (faked in unit tests). */
export type LogPort = Pick<TrendsLog, 'start' | 'append' | 'stop'>;

/** What a run did per cohort: for the caller and the log, never published. */
export interface CohortOutcome {
  cohortId: string;
  /** Consenting people who gave the cohort at least one value this period. */
  contributors: number;
  /** This run released figures for the cohort (new on trends.v1, or the same as already there). */
  published: boolean;
  suppressed: Partial<Record<MetricName, SuppressionReason>>;
}

export interface RunSummary {
  period: Period;
  cohorts: CohortOutcome[];
}

/**
 * Releases trend records (DESIGN §3 invariant 4) and serves what was released. The state a release
 * must remember lives in a compacted topic and is written *before* the records it allows are
 * published: a crash in between makes the next run repeat the remembered figures, never forget them.
 */
@Injectable()
export class TrendsService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly log = new Logger(TrendsService.name);
  private readonly fold = new TrendStateFold();
  private readonly published = new PublishedTrends();
  private tail: Promise<unknown> = Promise.resolve();
  private restored?: Promise<void>;
  private readonly publishedTotal: Counter;
  private readonly suppressedTotal: Counter<'reason'>;

  constructor(
    @Inject(TREND_SETTINGS) private readonly s: TrendSettings,
    @Inject(TREND_CONTRIBUTIONS) private readonly contributions: TrendContributions,
    @Inject(TREND_RECORDS_LOG) private readonly records: LogPort,
    @Inject(TREND_STATE_LOG) private readonly stateLog: LogPort,
    @Inject(MetricsService) metrics: MetricsService,
  ) {
    const registers = [metrics.registry];
    this.publishedTotal = new Counter({
      name: 'respite_trends_records_published_total',
      help: 'Trend records published on trends.v1',
      registers,
    });
    this.suppressedTotal = new Counter({
      name: 'respite_trends_cells_suppressed_total',
      help: 'Trend figures withheld, by reason',
      labelNames: ['reason'] as const,
      registers,
    });
  }

  /** Resolves once the state and the published records have been read back; runs wait for it. */
  get ready(): Promise<void> {
    this.restored ??= this.restore();
    return this.restored;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ready;
  }

  private async restore(): Promise<void> {
    await Promise.all([
      this.stateLog.start((key, value) => {
        if (!this.fold.apply(key, value)) this.log.warn('ignored an unreadable trend-state record');
      }),
      this.records.start((_, value) => void this.published.apply(value)),
    ]);
    await this.checkSalt();
    this.log.log(`trend state restored (${this.fold.cellCount} remembered cells)`);
  }

  private async checkSalt(): Promise<void> {
    try {
      this.fold.state(this.s.salt);
    } catch (err) {
      if (!(err instanceof TrendsError)) throw err;
      // a configured salt that does not match is an operator's setting, not a crash: one line naming it
      if (!this.s.saltEphemeral) {
        throw new ConfigError(
          'invalid configuration:\n  TRENDS_SALT: the stored trend memory (TOPIC_TRENDS_STATE) was built with another salt; set the salt it was built with, or a new TOPIC_TRENDS_STATE to start the memory afresh',
        );
      }
      this.log.warn('trend memory was built with another salt; an ephemeral salt starts it afresh');
      await this.persist(this.fold.resetEntries());
    }
  }

  /** Published records of a cohort, oldest period first; never recomputed. */
  publishedFor(cohortId: string, filter: TrendFilter = {}): TrendRecord[] {
    return this.published.list(cohortId, filter);
  }

  /** Computes, releases and publishes one period. Runs are serialised; `now` charges the budget. */
  runPeriod(period: Period, now = new Date()): Promise<RunSummary> {
    const run = this.tail.then(() => this.release(period, now));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async release(period: Period, now: Date): Promise<RunSummary> {
    assertDatePeriod(period);
    await this.ready;
    const contributions = await this.contributions.forPeriod(period, this.s.cohorts);
    const prev = this.fold.state(this.s.salt);
    const result = releaseTrends({ period, contributions, cohorts: this.s.cohorts }, prev, {
      config: this.s.privacy,
      salt: this.s.salt,
      rng: cryptoRng,
      now,
    });
    const horizon = new Date(now.getTime() - this.s.memoryDays * 86_400_000).toISOString().slice(0, 10);
    const next = {
      memory: pruneMemory(result.memory, horizon),
      ledger: pruneLedger(result.ledger, utcDay(now)),
    };
    await this.persist(this.fold.diff(prev, next));

    const withFigures = result.records.filter((r) => r.contributors !== null);
    const fresh = withFigures.filter((r) => !this.published.has(r));
    await this.records.append(fresh.map((r) => ({ key: r.cohortId, value: JSON.stringify(r) })));
    for (const r of fresh) this.published.put(r);
    this.publishedTotal.inc(fresh.length);
    for (const s of result.suppressions) this.suppressedTotal.inc({ reason: s.reason });

    const groups = groupByCohort(contributions, this.s.cohorts);
    const summary: RunSummary = {
      period,
      cohorts: this.s.cohorts.map((cohortId) => ({
        cohortId,
        contributors: contributorCount(metricInputs(groups.get(cohortId) ?? [])),
        published: withFigures.some((r) => r.cohortId === cohortId),
        suppressed: Object.fromEntries(
          result.suppressions.filter((s) => s.cohortId === cohortId).map((s) => [s.metric, s.reason]),
        ),
      })),
    };
    this.log.log(
      `trends ${period.start}..${period.end}: ${withFigures.length} of ${this.s.cohorts.length} cohorts published, ` +
        `${fresh.length} new records, ${result.suppressions.length} figures withheld`,
    );
    return summary;
  }

  /** Writes state entries, then folds them here (after the write: a failed write changes nothing). */
  private async persist(entries: { key: string; value: string | null }[]): Promise<void> {
    await this.stateLog.append(entries);
    for (const e of entries) this.fold.apply(e.key, e.value);
  }

  /** Lets a run in flight finish before Kafka disconnects. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.tail;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.records.stop(), this.stateLog.stop()]);
  }
}
