import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentAudit } from '../consent/consent.audit';
import { ConsentService } from '../consent/consent.service';
import { PointEraser } from '../influx/influx.eraser';
import { HistoryQuery } from '../influx/influx.history-query';
import { ConsentQueue } from '../kafka/kafka.consent-queue';
import { ReceiptLog } from '../kafka/kafka.receipt-log';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { ErasureMetrics } from './erasure.metrics';
import { type ErasedCounts, type ErasureReceipt, mergeReceipt, parseReceipt } from './erasure.receipt';
import { type ErasureRequest, erasureRequestOf } from './erasure.request';
import { ErasureSteps, type StepResult } from './erasure.steps';

/**
 * GDPR Art. 17, driven by consent.v1 itself: whoever writes a withdrawal with `erase: true` (or a
 * tombstone), the instance that owns its partition in the erasure consumer group erases the person
 * everywhere (ErasureSteps), tombstones the consent record unless the person granted again since,
 * and publishes a receipt. The record's offset is committed only after that, so a crash half-way
 * means the next owner runs the whole erasure again; every step is idempotent.
 */
@Injectable()
export class ErasureService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ErasureService.name);
  private readonly receipts = new Map<string, ErasureReceipt>();
  /** Tombstones this instance wrote after an erasure: reading them back is not a new request. */
  private readonly ownTombstones = new Set<string>();
  private readonly waiting = new Set<() => void>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(ErasureSteps) private readonly steps: ErasureSteps,
    @Inject(ConsentQueue) private readonly queue: ConsentQueue,
    @Inject(ReceiptLog) private readonly receiptLog: ReceiptLog,
    @Inject(PointEraser) private readonly eraser: PointEraser,
    @Inject(HistoryQuery) private readonly history: HistoryQuery,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(ErasureMetrics) private readonly metrics: ErasureMetrics,
    @Inject(ConsentAudit) private readonly audit: ConsentAudit,
  ) {
    steps.register('points', (job) => this.countAndDelete(job));
    steps.register('settle', () => sleep(this.config.ERASURE_SETTLE_MS));
    steps.register('sweep', async ({ pids }) => {
      for (const pid of pids) await this.eraser.erasePid(pid);
    });
    steps.register('memory', async ({ subjectId }) => this.pseudonymizer.forget(subjectId));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.receiptLog.start((pid, value) => this.foldReceipt(pid, value));
    await this.receiptLog.caughtUp;
    await this.consent.ready;
    await this.queue.start((key, value) => this.handle(key, value));
  }

  /** The latest receipt for the person, if an erasure happened within the receipts' retention. */
  receiptOf(subjectId: string): ErasureReceipt | undefined {
    return this.receipts.get(this.pseudonymizer.pid(subjectId));
  }

  /** Waits (up to `timeoutMs`) for the receipt of the erasure requested at `requestedAt`. */
  async waitForReceipt(
    subjectId: string,
    requestedAt: string,
    timeoutMs: number,
  ): Promise<ErasureReceipt | undefined> {
    const done = () => {
      const r = this.receiptOf(subjectId);
      return r?.requestedAt === requestedAt && r.erasedAt !== null ? r : undefined;
    };
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const r = done();
      if (r) return r;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiting.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.max(0, until - Date.now()));
        this.waiting.add(wake);
      });
    }
    return done();
  }

  private foldReceipt(pid: string, value: Buffer | null): void {
    const r = parseReceipt(value);
    if (r) this.receipts.set(pid, r);
    else this.receipts.delete(pid);
    for (const wake of [...this.waiting]) wake();
  }

  private async handle(key: string, value: Buffer | null): Promise<void> {
    const req = erasureRequestOf(key, value);
    if (!req) return;
    if (req.via === 'tombstone' && this.ownTombstones.delete(key)) return;
    await this.erase(req);
  }

  /** Idempotent: a repeat finds nothing left and keeps the first run's counts on the receipt. */
  async erase(req: ErasureRequest): Promise<ErasureReceipt> {
    const end = this.metrics.seconds.startTimer();
    const { subjectId } = req;
    const job = {
      subjectId,
      pids: this.pseudonymizer.allPids(subjectId),
      requestedAt: req.requestedAt ?? null,
    };
    const counts = summarise(await this.steps.run(job));
    // the view must have read at least this record: a grant after it keeps its place on the topic
    await this.consent.catchUp();
    const current = this.consent.view.get(subjectId);
    if (req.via === 'withdrawal' && current?.status === 'revoked' && current.erase) {
      this.ownTombstones.add(subjectId);
      await this.consent.tombstone(subjectId);
    }
    const pid = job.pids[0] as string;
    const erasedAt = new Date().toISOString();
    // the audit entry first: whoever waits for the receipt may read the trail right after it
    this.audit.append({
      at: erasedAt,
      pid,
      action: 'erased',
      policyVersion: req.policyVersion ?? null,
      scopes: [],
    });
    const receipt = await this.publishReceipt(pid, job.requestedAt, erasedAt, counts);
    this.metrics.erasures.inc({ via: req.via });
    end();
    this.log.log({ msg: 'erasure done', pid, via: req.via });
    return receipt;
  }

  /**
   * Counts, tells the person (a receipt with no erasedAt yet: a crash later loses no count), then
   * deletes every point under every pid.
   */
  private async countAndDelete(job: {
    pids: readonly string[];
    requestedAt: string | null;
  }): Promise<StepResult> {
    const points: Record<string, number> = {};
    for (const pid of job.pids)
      for (const [m, n] of Object.entries(await this.history.pointCounts(pid)))
        points[m] = (points[m] ?? 0) + n;
    const pid = job.pids[0] as string;
    const draft = await this.publishReceipt(pid, job.requestedAt, null, {
      points,
      warningState: false,
      inbox: false,
    });
    for (const p of job.pids) await this.eraser.erasePid(p);
    return { points: draft.points };
  }

  private async publishReceipt(
    pid: string,
    requestedAt: string | null,
    erasedAt: string | null,
    counts: ErasedCounts,
  ): Promise<ErasureReceipt> {
    const receipt = mergeReceipt(this.receipts.get(pid), requestedAt, erasedAt, counts);
    const value = JSON.stringify(receipt);
    await this.receiptLog.publish(pid, value);
    this.foldReceipt(pid, Buffer.from(value));
    return receipt;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop();
    await this.receiptLog.stop();
  }
}

function summarise(results: Map<string, StepResult[]>): ErasedCounts {
  const points: Record<string, number> = {};
  for (const r of results.get('points') ?? [])
    for (const [m, n] of Object.entries(r.points ?? {})) points[m] = (points[m] ?? 0) + n;
  const dropped = (step: string) => (results.get(step) ?? []).some((r) => r.dropped === true);
  return { points, warningState: dropped('warning-state'), inbox: dropped('inbox') };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
