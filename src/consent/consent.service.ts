import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventBus } from '../events/event-bus';
import { ConsentLog } from '../kafka/kafka.consent-log';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { type ConsentRecord, consentRecordSchema } from './consent.schema';
import { ConsentView } from './consent.view';

/**
 * Folds consent.v1 into the view, and turns grants and withdrawals into consent.v1 records. Erasure
 * is not done here: it follows the topic (src/erasure), whoever wrote the request.
 */
@Injectable()
export class ConsentService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ConsentService.name);
  readonly view = new ConsentView();
  /** The last value this instance published per subject and has not yet read back from the topic. */
  private readonly unread = new Map<string, string | null>();
  private started?: Promise<void>;

  constructor(
    @Inject(ConsentLog) private readonly consentLog: ConsentLog,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(EventBus) private readonly events: EventBus,
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
    // Records older than our own latest write (the consumer lags) must not undo it, e.g. re-grant
    // after a withdrawal; our own write is already applied.
    if (this.unread.has(subjectId)) {
      const mine = this.unread.get(subjectId);
      if ((value === null ? null : value.toString('utf8')) === mine) this.unread.delete(subjectId);
      return;
    }
    if (value === null) {
      this.apply(subjectId, null);
      this.pseudonymizer.forget(subjectId); // erased: the subjectId should not linger in memory
      return;
    }
    try {
      const parsed = consentRecordSchema.safeParse(JSON.parse(value.toString('utf8')));
      if (parsed.success && parsed.data.subjectId === subjectId) this.apply(subjectId, parsed.data);
      else this.log.warn('ignored an invalid consent record');
    } catch {
      this.log.warn('ignored a consent record that is not JSON');
    }
  }

  /** Publishes a consent change and applies it here at once (read-your-writes on this instance). */
  async record(next: ConsentRecord): Promise<void> {
    await this.publish(next.subjectId, JSON.stringify(next));
    this.apply(next.subjectId, next);
  }

  /** The end of an erasure: the topic forgets the person (compaction keeps only this null). */
  async tombstone(subjectId: string): Promise<void> {
    await this.publish(subjectId, null);
    this.apply(subjectId, null);
    this.pseudonymizer.forget(subjectId);
  }

  /** Resolves once the view holds every record on the topic now, whoever wrote it. */
  catchUp(): Promise<void> {
    return this.consentLog.catchUp();
  }

  /** The view changes, and whoever holds per-person state hears of it (`consent.changed`). */
  private apply(subjectId: string, record: ConsentRecord | null): void {
    this.view.apply(subjectId, record);
    // not awaited: the fold is synchronous, and a listener's failure must not stop the view
    this.events
      .emit('consent.changed', { subjectId, record })
      .catch((err: unknown) => this.log.warn(`a consent.changed handler failed: ${String(err)}`));
  }

  private async publish(subjectId: string, value: string | null): Promise<void> {
    this.unread.set(subjectId, value); // before sending: the consumer may read it back at once
    try {
      await this.consentLog.publish(subjectId, value);
    } catch (err) {
      // it may or may not have landed: follow the topic again rather than wait for it forever
      this.unread.delete(subjectId);
      throw err;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consentLog.stop();
  }
}
