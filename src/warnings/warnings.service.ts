import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentService } from '../consent/consent.service';
import { ErasureSteps } from '../erasure/erasure.steps';
import { EventBus } from '../events/event-bus';
import { HistoryQuery } from '../influx/influx.history-query';
import { PointWriter } from '../influx/influx.point-writer';
import type { StoredReading } from '../ingest/ingest.pipeline';
import type { KafkaClient } from '../kafka/kafka.client';
import { KAFKA } from '../kafka/kafka.module';
import { StateChangelog } from '../kafka/kafka.state-changelog';
import { TopicProgress } from '../kafka/kafka.topic-progress';
import { dismissalsOf } from '../nudges/inbox/inbox.document';
import { InboxStore } from '../nudges/inbox/inbox.store';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import type { PersonalInputs } from './personal.inputs';
import { PersonalSource } from './personal.source';
import type { StateSummary } from './state.summary';
import { WARNING_PRESETS } from './warning.config';
import { WarningStates } from './warning.states';
import { WarningMetrics } from './warnings.metrics';
import { WarningsProcessor } from './warnings.processor';

const DAY_MS = 86_400_000;

/**
 * Personal baselines and early warnings in event time. Ingest hands over every batch once InfluxDB
 * acknowledged it and before its offsets are committed; each main sleep completes a night, which is
 * evaluated with the person's state, and the state goes to the changelog in that same step, so a
 * restart neither repeats nor misses a night.
 *
 * Whose states: the instance that owns a readings partition evaluates its people (key subjectId, so
 * HRV and sleep of one person share a partition number). Every instance reads the whole changelog at
 * start and keeps following it, so after a rebalance the new owner already holds the states it takes
 * over; the first batch with a person this process did not write last waits until the changelog is
 * read to its end (another instance may have written just before handing over). Memory is about
 * 1 KB per person, for all people, in exchange for having no rebalance listener to get right.
 *
 * A night whose sleep arrives before the HRV produced ahead of it is stored waits (README "The
 * night's HRV"): it is checked against the HRV topic's progress after each stored HRV batch and on a
 * timer, never inside the batch handler (the partitions share one fetch loop: waiting there would
 * hold up the very HRV it waits for).
 */
@Injectable()
export class WarningsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(WarningsService.name);
  readonly processor: WarningsProcessor;
  private readonly personal: PersonalSource;
  private started?: Promise<void>;
  private readonly progress: TopicProgress;
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private again = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(StateChangelog) private readonly changelog: StateChangelog,
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(EventBus) events: EventBus,
    @Inject(HistoryQuery) history: HistoryQuery,
    @Inject(PointWriter) points: PointWriter,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(WarningMetrics) private readonly metrics: WarningMetrics,
    @Inject(ErasureSteps) steps: ErasureSteps,
    @Inject(InboxStore) inbox: InboxStore,
    @Inject(KAFKA) kafka: KafkaClient,
  ) {
    const writer = randomUUID();
    this.progress = new TopicProgress(kafka, config.TOPIC_HRV, config.KAFKA_GROUP_ID);
    this.personal = new PersonalSource({
      allows: (subjectId, scope) => consent.view.allows(subjectId, scope),
      inboxCatchUp: () => inbox.catchUp(),
      dismissals: (subjectId, fromMs, untilMs) => dismissalsOf(inbox.get(subjectId), fromMs, untilMs),
      checkIns: async (subjectId, fromMs) => {
        const all = [];
        for (const pid of pseudonymizer.allPids(subjectId))
          all.push(...(await history.checkIns(pid, fromMs)));
        return all.sort((a, b) => a.atMs - b.atMs);
      },
      now: () => Date.now(),
    });
    const cfg = WARNING_PRESETS[config.WARNING_PRESET];
    this.processor = new WarningsProcessor(
      new WarningStates(cfg),
      {
        allows: (subjectId) => consent.view.allows(subjectId, 'early-warning'),
        storedHrv: (pid, fromMs) => history.hrvSamples(pid, fromMs),
        storedSleeps: (pid, subjectId, fromMs) => history.mainSleeps(pid, subjectId, fromMs),
        hrvProgress: (barriers) => this.progress.read(barriers.map((b) => b.timestampMs)),
        catchUp: () => changelog.catchUp(),
        writeChangelog: (records) => changelog.write(records, writer),
        emit: (req) => events.emit('nudge.requested', req),
        storeNights: (nights) => points.storeNights(nights),
        personal: (pid, subjectId, untilMs) => this.personalInputs(pid, subjectId, untilMs),
      },
      writer,
      { graceMs: config.WARNING_NIGHT_GRACE_MS, nightCacheBytes: config.NIGHT_CACHE_MAX_BYTES },
    );
    if (!config.WARNINGS_ENABLED) return;
    events.on('readings.stored', 'warnings', (batch) => this.onStored(batch));
    events.on('consent.changed', 'warnings', ({ subjectId, record }) => {
      const scopes = record?.status === 'granted' ? record.scopes : [];
      if (!scopes.includes('self-report')) this.personal.forget(this.pseudonymizer.allPids(subjectId));
      if (scopes.includes('early-warning')) return;
      this.drop(this.pseudonymizer.allPids(subjectId));
    });
    steps.register('warning-state', async ({ pids }) => {
      await this.ready;
      const held = await this.processor.forget(pids, { always: true });
      this.metrics.states.set(this.processor.states.size);
      return { dropped: held > 0 };
    });
  }

  /** Resolves once the states are restored from the changelog and withdrawals applied. */
  get ready(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  /** What is held to judge the person's nights, in words (their export); null when nothing is. */
  async stateOf(subjectId: string): Promise<StateSummary | null> {
    if (!this.config.WARNINGS_ENABLED) return null;
    await this.ready; // every instance follows every state (src/warnings/README.md)
    for (const pid of this.pseudonymizer.allPids(subjectId)) {
      const s = this.processor.states.summary(pid);
      if (s) return s;
    }
    return null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.WARNINGS_ENABLED) return;
    await this.ready;
    this.timer = setInterval(() => this.check(), this.config.WARNING_PENDING_CHECK_MS);
  }

  private async start(): Promise<void> {
    await this.changelog.start(async (pid, value, writer) => {
      if ((await this.processor.applyRecord(pid, value, writer)) === 'invalid')
        this.log.warn('ignored an invalid warning-state record');
    });
    this.metrics.restored.inc(this.processor.states.size);
    // states restored for people whose early-warning consent ended while this process was away
    await this.consent.ready;
    const allowed = new Set(
      this.consent.view.allowing('early-warning').flatMap((s) => this.pseudonymizer.allPids(s)),
    );
    this.drop(this.processor.states.pids().filter((pid) => !allowed.has(pid)));
    this.countStale();
    this.log.log(`warning states restored (${this.processor.states.size} people)`);
  }

  private async onStored(batch: readonly StoredReading[]): Promise<void> {
    if (batch.length === 0) return;
    await this.ready;
    this.metrics.count(await this.processor.onStored(batch));
    this.metrics.states.set(this.processor.states.size);
    this.metrics.pending.set(this.processor.pending.size);
    // once this HRV batch is committed (just after this returns), nights waiting for it may go
    if (this.processor.pending.size && batch.some((r) => r.reading.kind === 'hrv'))
      this.soon ??= setTimeout(() => {
        this.soon = undefined;
        this.check();
      }, 100);
  }

  /** One check at a time; a request during one runs another after it. */
  private check(): void {
    if (this.processor.pending.size === 0) return;
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = (async () => {
      do {
        this.again = false;
        try {
          this.metrics.count(await this.processor.checkPending());
        } catch (err) {
          // the nights stay queued and the states as they were: the next check retries
          this.log.warn(`checking waiting nights failed: ${String(err)}`);
        }
      } while (this.again);
    })().finally(() => {
      this.checking = undefined;
      this.metrics.pending.set(this.processor.pending.size);
      this.metrics.states.set(this.processor.states.size);
    });
  }

  private async personalInputs(pid: string, subjectId: string, untilMs: number): Promise<PersonalInputs> {
    const inputs = await this.personal.inputs(pid, subjectId, untilMs);
    if (inputs.dismissals.length)
      this.metrics.personalInputs.inc({ kind: 'dismissal' }, inputs.dismissals.length);
    if (inputs.checkIns.length) this.metrics.personalInputs.inc({ kind: 'check-in' }, inputs.checkIns.length);
    return inputs;
  }

  /** Early-warning consent ended (withdrawn, narrowed or erased, on any instance): the states go. */
  private drop(pids: string[]): void {
    if (pids.length === 0) return;
    this.processor
      .forget(pids, { always: false })
      .then(() => this.metrics.states.set(this.processor.states.size))
      // the state is gone here; the tombstone is written again at the next start
      .catch((err: unknown) => this.log.warn(`warning-state tombstone failed: ${String(err)}`));
  }

  /** Wall clock, not event time: whose data stopped arriving. A gauge only, never per person. */
  @Cron(CronExpression.EVERY_DAY_AT_6AM, { name: 'warnings-stale-people' })
  countStale(): void {
    if (!this.config.WARNINGS_ENABLED) return;
    const today = Math.floor(Date.now() / DAY_MS);
    this.metrics.stale.set(this.processor.states.countStale(today, this.config.WARNING_STALE_DAYS));
    this.metrics.states.set(this.processor.states.size);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.soon);
    await this.checking;
    await this.progress.stop();
    await this.changelog.stop();
  }
}
