import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { quietHoursOf } from '../consent/consent.schema';
import { ConsentService } from '../consent/consent.service';
import { ErasureSteps } from '../erasure/erasure.steps';
import { EventBus } from '../events/event-bus';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { NUDGE_RATE } from '../warnings/nudge.policy';
import type { NudgeRequest } from '../warnings/nudge-request';
import type { DismissalReason } from '../warnings/personal.inputs';
import { type Clock, NUDGE_CLOCK, NudgeDelivery } from './inbox/inbox.delivery';
import * as inbox from './inbox/inbox.document';
import { LiveStreams } from './inbox/inbox.live';
import { NudgeMetrics } from './inbox/inbox.metrics';
import { type Plan, planNudge, zoneFor } from './inbox/inbox.planner';
import { InboxStore } from './inbox/inbox.store';
import { type Feedback, NudgeDto } from './nudges.dto';
import type { PushSubscriptionJson } from './push/push.subscription.dto';

/** A night older than this (local days) no longer gets a nudge: it would talk about the past. */
export const MAX_NIGHT_AGE_DAYS = 3;

/**
 * Nudges for the person alone. A warning request becomes a stored nudge (cooldown, weekly cap,
 * quiet hours in their zone), NudgeDelivery sends it when its time comes, and the person reads,
 * answers and follows their own inbox. Only people with `early-warning` consent get nudges.
 */
@Injectable()
export class NudgesService implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger(NudgesService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(InboxStore) private readonly store: InboxStore,
    @Inject(NudgeDelivery) private readonly delivery: NudgeDelivery,
    @Inject(LiveStreams) private readonly live: LiveStreams<NudgeDto>,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(NudgeMetrics) private readonly metrics: NudgeMetrics,
    @Inject(NUDGE_CLOCK) private readonly clock: Clock,
    @Inject(ErasureSteps) private readonly steps: ErasureSteps,
  ) {}

  onModuleInit(): void {
    this.events.on('nudge.requested', 'nudges', (req) => this.onRequest(req));
    this.steps.register('inbox', async ({ subjectId, pids }) => ({
      dropped: await this.erase(subjectId, pids),
    }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.store.ready;
  }

  get isReady(): boolean {
    return this.store.isReady;
  }

  /**
   * Awaited inside the ingest batch: once this resolves the nudge is stored (a failure throws and
   * the batch retries; the retry is dropped as a duplicate). Delivery runs afterwards, off the
   * batch, so a slow push service cannot stall ingest.
   */
  async onRequest(req: NudgeRequest): Promise<void> {
    const { subjectId, asOf, level, signals, personal } = req;
    if (!this.consent.view.allows(subjectId, 'early-warning')) {
      return this.metrics.outcome('dropped-no-consent');
    }
    // the cooldown and weekly cap read the inbox: after a takeover, the previous owner's last
    // nudge must be in it, or the person could be nudged twice (requests are rare: one round trip)
    await this.store.catchUp();
    const now = this.clock();
    const own = this.consent.view.get(subjectId)?.quietHours;
    const ctx = {
      now,
      nudgeId: randomUUID(),
      timeZone: zoneFor(
        this.consent.view.get(subjectId)?.timeZone,
        req.timeZoneHint,
        this.config.NUDGE_TIME_ZONE,
      ),
      quiet: own ? quietHoursOf(own) : this.config.NUDGE_QUIET_HOURS,
      policy: NUDGE_RATE,
      maxNightAgeDays: MAX_NIGHT_AGE_DAYS,
    };
    const out: { plan?: Plan } = {};
    await this.store.update(subjectId, (doc) => {
      out.plan = planNudge({ subjectId, asOf, level, signals, personal }, doc ?? inbox.emptyInbox(), ctx);
      return out.plan.outcome === 'planned' ? out.plan.doc : undefined;
    });
    const plan = out.plan;
    if (!plan) return;
    if (plan.outcome === 'dropped') {
      this.log.debug(`nudge for ${req.pid} dropped: ${plan.reason}`);
      return this.metrics.outcome(`dropped-${plan.reason}`);
    }
    if (plan.deliverAt.getTime() > now.getTime()) return this.metrics.outcome('held');
    void this.delivery.soon(subjectId, plan.entry.nudge.nudgeId);
  }

  /** The person's delivered nudges, newest first. */
  inbox(subjectId: string): NudgeDto[] {
    return inbox.visibleNudges(this.store.get(subjectId)).map(NudgeDto.of);
  }

  /** A helpful / not-helpful answer updates the person's own suggestion bandit. */
  async feedback(subjectId: string, nudgeId: string, body: Feedback): Promise<inbox.FeedbackOutcome> {
    const out: { result: inbox.FeedbackOutcome } = { result: { kind: 'not-found' } };
    await this.store.update(subjectId, (doc) => {
      out.result = inbox.recordFeedback(doc, nudgeId, body.suggestionId, body.helpful);
      return out.result.kind === 'recorded' ? out.result.doc : undefined;
    });
    return out.result;
  }

  /**
   * "Not helpful" or "this was just …" for a whole nudge (null: taken back). Stored in the inbox
   * record, which every instance folds, so the warnings of whichever instance evaluates the
   * person's next night read it (WarningsService.personal).
   */
  async dismiss(
    subjectId: string,
    nudgeId: string,
    reason: DismissalReason | null,
  ): Promise<inbox.DismissalOutcome> {
    const out: { result: inbox.DismissalOutcome } = { result: { kind: 'not-found' } };
    await this.store.update(subjectId, (doc) => {
      out.result = inbox.recordDismissal(doc, nudgeId, reason, this.clock());
      return out.result.kind === 'recorded' ? out.result.doc : undefined;
    });
    return out.result;
  }

  /** Needs early-warning consent: without it there is nothing to push, so nothing to keep. */
  async subscribe(subjectId: string, sub: PushSubscriptionJson): Promise<boolean> {
    if (!this.consent.view.allows(subjectId, 'early-warning')) return false;
    await this.store.update(subjectId, (doc) =>
      inbox.withSubscription(doc ?? inbox.emptyInbox(), sub, this.clock()),
    );
    return true;
  }

  async unsubscribe(subjectId: string, endpoint: string): Promise<void> {
    await this.store.update(subjectId, (doc) =>
      doc?.subscriptions.some((s) => s.endpoint === endpoint)
        ? inbox.withoutSubscription(doc, endpoint)
        : undefined,
    );
  }

  /** The person's live nudges; keyed by the pid of the caller's own subjectId. */
  stream(subjectId: string): Observable<NudgeDto> {
    return this.live.open(this.pseudonymizer.pid(subjectId));
  }

  /** Art. 17: the inbox record goes (tombstone), with held nudges, feedback, state and subscriptions. */
  private async erase(subjectId: string, pids: readonly string[]): Promise<boolean> {
    await this.store.ready;
    const held = await this.store.erase(subjectId, pids);
    for (const pid of pids) this.live.close(pid);
    return held;
  }
}
