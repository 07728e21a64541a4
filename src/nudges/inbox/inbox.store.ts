import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InboxLog } from '../../kafka/kafka.inbox-log';
import { Pseudonymizer } from '../../privacy/pseudonymizer';
import { type InboxDoc, inboxDocSchema } from './inbox.document';
import { SubjectSeal } from './inbox.subject-seal';

/**
 * Every person's inbox record, folded from the compacted inbox topic (key = pid) and rebuilt from it
 * at start. Changes are serialised per person and written to the topic before they count here, so
 * what the topic holds is never behind what anyone was shown.
 */
@Injectable()
export class InboxStore implements OnApplicationShutdown {
  private readonly log = new Logger(InboxStore.name);
  private readonly docs = new Map<string, InboxDoc>();
  /** pid → marker of this instance's latest write not yet read back: older records must not undo it. */
  private readonly unread = new Map<string, string>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly writerId = randomUUID();
  private seq = 0;
  private started?: Promise<void>;

  constructor(
    @Inject(InboxLog) private readonly inboxLog: InboxLog,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(SubjectSeal) private readonly seal: SubjectSeal,
  ) {}

  /** Resolves once every record the topic held at start has been folded in. */
  get ready(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  /**
   * Read barrier before deciding on someone's inbox from what another instance may have written
   * last (their warnings moved here on a rebalance): everything on the topic now is folded in.
   */
  async catchUp(): Promise<void> {
    await this.ready;
    await this.inboxLog.catchUp();
  }

  get isReady(): boolean {
    return this.inboxLog.isCaughtUp;
  }

  private async start(): Promise<void> {
    await this.inboxLog.start((pid, value, marker) => this.fold(pid, value, marker));
    await this.inboxLog.caughtUp;
    this.log.log(`inbox caught up (${this.docs.size} people)`);
  }

  private fold(pid: string, value: Buffer | null, marker: string | undefined): void {
    const mine = this.unread.get(pid);
    if (mine !== undefined) {
      if (marker === mine) this.unread.delete(pid);
      return;
    }
    if (value === null) {
      this.docs.delete(pid);
      return;
    }
    try {
      const parsed = inboxDocSchema.safeParse(JSON.parse(value.toString('utf8')));
      if (parsed.success) this.docs.set(pid, parsed.data);
      else this.log.warn(`ignored an invalid inbox record of ${pid}`);
    } catch {
      this.log.warn(`ignored an inbox record of ${pid} that is not JSON`);
    }
  }

  /** The person's record under any pid they may have (after a key rotation: an older one). */
  private find(subjectId: string): { pid: string; doc: InboxDoc } | undefined {
    for (const pid of this.pseudonymizer.allPids(subjectId)) {
      const doc = this.docs.get(pid);
      if (doc) return { pid, doc };
    }
    return undefined;
  }

  get(subjectId: string): InboxDoc | undefined {
    return this.find(subjectId)?.doc;
  }

  /** People with a nudge still held, and their subjectId (unsealed); records that cannot be opened are skipped. */
  *held(): Iterable<{ subjectId: string; doc: InboxDoc }> {
    for (const [pid, doc] of this.docs) {
      if (!doc.nudges.some((e) => e.deliveredAt === null)) continue;
      const subjectId = this.seal.open(doc.subject, pid);
      if (subjectId !== undefined) yield { subjectId, doc };
      else this.log.warn(`held nudge of ${pid} cannot be delivered: subject seal does not open`);
    }
  }

  /**
   * Applies `change` to the person's latest record (undefined: none yet) and stores the result;
   * `change` returning undefined stores nothing. One change at a time per person.
   */
  update(subjectId: string, change: (doc: InboxDoc | undefined) => InboxDoc | undefined) {
    return this.serially(subjectId, async (): Promise<InboxDoc | undefined> => {
      const found = this.find(subjectId);
      const next = change(found?.doc);
      if (!next) return found?.doc;
      const pid = found?.pid ?? this.pseudonymizer.pid(subjectId);
      const stored: InboxDoc = { ...next, subject: this.seal.seal(subjectId, pid) };
      await this.write(pid, JSON.stringify(stored));
      this.docs.set(pid, stored);
      return stored;
    });
  }

  /** Erasure: a tombstone under every pid the person may have, so compaction removes the record. */
  /** Tombstones every pid's inbox; true if one was held. */
  erase(subjectId: string, pids: readonly string[]): Promise<boolean> {
    return this.serially(subjectId, async () => {
      const held = pids.some((pid) => this.docs.has(pid));
      for (const pid of pids) {
        await this.write(pid, null);
        this.docs.delete(pid);
      }
      return held;
    });
  }

  private async write(pid: string, value: string | null): Promise<void> {
    const marker = `${this.writerId}:${++this.seq}`;
    this.unread.set(pid, marker); // before sending: the consumer may read it back at once
    try {
      await this.inboxLog.publish(pid, value, marker);
    } catch (err) {
      this.unread.delete(pid); // it may or may not have landed: follow the topic again
      throw err;
    }
  }

  private serially<T>(subjectId: string, fn: () => Promise<T>): Promise<T> {
    const key = this.pseudonymizer.pid(subjectId);
    const run = (this.queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => this.queues.get(key) === tail && this.queues.delete(key));
    return run;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.inboxLog.stop();
  }
}
