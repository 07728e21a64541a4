import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PointEraser } from '../influx/influx.eraser';
import { ConsentLog } from '../kafka/kafka.consent-log';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { type ConsentRecord, consentRecordSchema } from './consent.schema';
import { ConsentView } from './consent.view';

export type ErasureHook = (subjectId: string, pids: string[]) => Promise<void>;

/** Folds consent.v1 into the view, and turns grants and withdrawals into consent.v1 records. */
@Injectable()
export class ConsentService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ConsentService.name);
  readonly view = new ConsentView();
  private readonly erasureHooks: ErasureHook[] = [];
  private started?: Promise<void>;

  constructor(
    @Inject(ConsentLog) private readonly consentLog: ConsentLog,
    @Inject(PointEraser) private readonly eraser: PointEraser,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
  ) {}

  /** Resolves once the view has caught up with the topic as it was at start. */
  get ready(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  get isReady(): boolean {
    return this.consentLog.isCaughtUp;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ready;
  }

  private async start(): Promise<void> {
    await this.consentLog.start((subjectId, value) => this.fold(subjectId, value));
    await this.consentLog.caughtUp;
    this.log.log(`consent view caught up (${this.view.size} people)`);
  }

  private fold(subjectId: string, value: Buffer | null): void {
    if (value === null) {
      this.view.apply(subjectId, null);
      return;
    }
    try {
      const parsed = consentRecordSchema.safeParse(JSON.parse(value.toString('utf8')));
      if (parsed.success && parsed.data.subjectId === subjectId) this.view.apply(subjectId, parsed.data);
      else this.log.warn('ignored an invalid consent record');
    } catch {
      this.log.warn('ignored a consent record that is not JSON');
    }
  }

  /** Other features drop their per-person state on erasure (baselines, inbox). */
  onErasure(hook: ErasureHook): void {
    this.erasureHooks.push(hook);
  }

  /** Publishes a consent change and applies it here at once (read-your-writes on this instance). */
  async record(next: ConsentRecord): Promise<void> {
    await this.consentLog.publish(next.subjectId, JSON.stringify(next));
    this.view.apply(next.subjectId, next);
    if (next.status === 'revoked' && next.erase) await this.erase(next.subjectId);
  }

  /** Art. 17: delete the person's points under every pid they may have, drop state, tombstone. */
  private async erase(subjectId: string): Promise<void> {
    const pids = this.pseudonymizer.allPids(subjectId);
    for (const pid of pids) await this.eraser.erasePid(pid);
    for (const hook of this.erasureHooks) await hook(subjectId, pids);
    await this.consentLog.publish(subjectId, null);
    this.view.apply(subjectId, null);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consentLog.stop();
  }
}
