import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { ConsentService } from '../../consent/consent.service';
import { RecordProducer } from '../../kafka/kafka.record-producer';
import { Pseudonymizer } from '../../privacy/pseudonymizer';
import type { NudgeV1 } from '../nudge.schema';
import { NudgeDto } from '../nudges.dto';
import { PushSender } from '../push/push.sender';
import { PUSH_PREVIEW } from '../suggestions/message';
import * as inbox from './inbox.document';
import { LiveStreams } from './inbox.live';
import { NudgeMetrics } from './inbox.metrics';
import { InboxStore } from './inbox.store';

export const NUDGE_CLOCK = Symbol('NUDGE_CLOCK');
export type Clock = () => Date;

/**
 * Delivers stored nudges: nudges.v1 first, then the inbox marks them delivered, then the owner's
 * open streams and push subscriptions. A crash in between publishes again at the next release
 * (at least once; nudges.v1 readers dedupe by nudgeId). Consent is checked again at delivery.
 */
@Injectable()
export class NudgeDelivery implements BeforeApplicationShutdown {
  private readonly log = new Logger(NudgeDelivery.name);
  private readonly delivering = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private releasing = false;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(InboxStore) private readonly store: InboxStore,
    @Inject(RecordProducer) private readonly producer: RecordProducer,
    @Inject(LiveStreams) private readonly live: LiveStreams<NudgeDto>,
    @Inject(PushSender) private readonly sender: PushSender,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(NudgeMetrics) private readonly metrics: NudgeMetrics,
    @Inject(NUDGE_CLOCK) private readonly clock: Clock,
  ) {}

  /** Delivers in the background; a failure leaves the nudge held for the next release. */
  soon(subjectId: string, nudgeId: string): Promise<void> {
    const run = this.deliver(subjectId, nudgeId).catch((err: unknown) => {
      const why = err instanceof Error ? err.message : 'unknown error';
      this.log.warn(`nudge delivery failed, retried at the next release: ${why}`);
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  /** The scheduled flush: every held nudge whose time has come. */
  async releaseDue(now = this.clock()): Promise<number> {
    if (this.releasing || this.stopping || !this.store.isReady) return 0;
    this.releasing = true;
    try {
      const due: Promise<void>[] = [];
      for (const { subjectId, doc } of this.store.held()) {
        for (const e of inbox.dueNudges(doc, now)) due.push(this.soon(subjectId, e.nudge.nudgeId));
      }
      await Promise.all(due);
      return due.length;
    } finally {
      this.releasing = false;
    }
  }

  private async deliver(subjectId: string, nudgeId: string): Promise<void> {
    if (this.delivering.has(nudgeId) || this.stopping) return;
    this.delivering.add(nudgeId);
    try {
      const held = this.store.get(subjectId)?.nudges.find((e) => e.nudge.nudgeId === nudgeId);
      if (!held || held.deliveredAt !== null) return;
      if (!this.consent.view.allows(subjectId, 'early-warning')) {
        await this.store.update(subjectId, (doc) => doc && inbox.withoutNudge(doc, nudgeId));
        return this.metrics.outcome('dropped-no-consent');
      }
      const { nudgeId: id, ...rest } = held.nudge;
      const wire: NudgeV1 = { nudgeId: id, subjectId, ...rest };
      await this.producer.send(this.config.TOPIC_NUDGES, [{ key: subjectId, value: JSON.stringify(wire) }]);
      const doc = await this.store.update(
        subjectId,
        (d) => d && inbox.markDelivered(d, nudgeId, this.clock()),
      );
      const entry = doc?.nudges.find((e) => e.nudge.nudgeId === nudgeId);
      if (!doc || !entry) return; // erased meanwhile
      this.metrics.outcome('delivered');
      this.live.publish(this.pseudonymizer.pid(subjectId), NudgeDto.of(entry));
      await this.push(subjectId, nudgeId, doc);
    } finally {
      this.delivering.delete(nudgeId);
    }
  }

  /** The payload is the lock-screen preview and the id only: the nudge itself is read in the app. */
  private async push(subjectId: string, nudgeId: string, doc: inbox.InboxDoc): Promise<void> {
    const payload = JSON.stringify({ title: PUSH_PREVIEW.title, body: PUSH_PREVIEW.body, nudgeId });
    const targets = inbox.liveSubscriptions(doc, this.clock());
    const results = await Promise.all(targets.map((t) => this.sender.send(t, payload)));
    for (const result of results) this.metrics.push(result);
    const gone = targets.filter((_, i) => results[i] === 'gone').map((t) => t.endpoint);
    if (gone.length > 0) {
      await this.store.update(subjectId, (d) => d && gone.reduce(inbox.withoutSubscription, d));
    }
  }

  /** Deliveries in flight finish (or fail and stay held) before Kafka disconnects. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
  }
}
