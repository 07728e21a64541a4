import { z } from 'zod';
import { DISMISSAL_REASONS, type Dismissal, type DismissalReason } from '../../warnings/personal.inputs';
import { nudgeV1Schema } from '../nudge.schema';
import { type PushSubscriptionJson, pushSubscriptionSchema } from '../push/push.subscription.dto';
import {
  applyFeedback,
  emptyNudgeState,
  type NudgeState,
  nudgeStateSchema,
} from '../suggestions/nudge.state';
import type { DeliveryRecord } from '../timing/delivery-policy';

/** Nudges kept per person (held ones always stay); older delivered ones fall out of the inbox. */
export const MAX_NUDGES = 60;
/** Devices per person; registering one more drops the oldest. */
export const MAX_SUBSCRIPTIONS = 10;

/** A nudge as the inbox stores it: without the subjectId, which the pid-keyed record must not carry. */
const inboxNudgeSchema = nudgeV1Schema.omit({ subjectId: true });
export type InboxNudge = z.output<typeof inboxNudgeSchema>;

const entrySchema = z.object({
  nudge: inboxNudgeSchema,
  /** When it may be delivered (after quiet hours); counts in the delivery history from the start. */
  deliverAt: z.iso.datetime({ offset: true }),
  deliveredAt: z.iso.datetime({ offset: true }).nullable(),
  /** suggestionId → helpful; one answer per suggestion of this nudge. */
  feedback: z.record(z.string(), z.boolean()),
  /** The person's "not helpful" / "this was just …" for the whole nudge (issue #20); absent: none. */
  dismissal: z.object({ reason: z.enum(DISMISSAL_REASONS), at: z.iso.datetime({ offset: true }) }).optional(),
});
export type InboxEntry = z.output<typeof entrySchema>;

const storedSubscriptionSchema = pushSubscriptionSchema.extend({ addedAt: z.iso.datetime({ offset: true }) });
export type StoredSubscription = z.output<typeof storedSubscriptionSchema>;

/** One person's record in the inbox topic (key = pid): everything nudges keep about them. */
export const inboxDocSchema = z.object({
  v: z.literal(1),
  /** The subjectId, sealed (see SubjectSeal); set by the store on every write. */
  subject: z.string(),
  state: nudgeStateSchema,
  nudges: z.array(entrySchema),
  subscriptions: z.array(storedSubscriptionSchema),
});
export type InboxDoc = z.output<typeof inboxDocSchema>;

export function emptyInbox(): InboxDoc {
  return { v: 1, subject: '', state: emptyNudgeState(), nudges: [], subscriptions: [] };
}

/** For checkDelivery: every nudge made, held ones included, at its delivery time. */
export function deliveryHistory(doc: InboxDoc): DeliveryRecord[] {
  return doc.nudges.map((e) => ({ at: e.deliverAt, level: e.nudge.level }));
}

export function withNudge(doc: InboxDoc, entry: InboxEntry, state: NudgeState): InboxDoc {
  const nudges = [...doc.nudges, entry];
  while (nudges.length > MAX_NUDGES) {
    const i = nudges.findIndex((e) => e.deliveredAt !== null);
    if (i < 0) break;
    nudges.splice(i, 1);
  }
  return { ...doc, state, nudges };
}

export function dueNudges(doc: InboxDoc, now: Date): InboxEntry[] {
  return doc.nudges.filter((e) => e.deliveredAt === null && Date.parse(e.deliverAt) <= now.getTime());
}

export function markDelivered(doc: InboxDoc, nudgeId: string, at: Date): InboxDoc {
  return {
    ...doc,
    nudges: doc.nudges.map((e) =>
      e.nudge.nudgeId === nudgeId && e.deliveredAt === null ? { ...e, deliveredAt: at.toISOString() } : e,
    ),
  };
}

/** A held nudge that may no longer be delivered (consent withdrawn meanwhile) leaves no trace. */
export function withoutNudge(doc: InboxDoc, nudgeId: string): InboxDoc {
  return { ...doc, nudges: doc.nudges.filter((e) => e.nudge.nudgeId !== nudgeId) };
}

/** What the person sees: delivered nudges, newest first. */
export function visibleNudges(doc: InboxDoc | undefined): InboxEntry[] {
  return (doc?.nudges ?? []).filter((e) => e.deliveredAt !== null).reverse();
}

export type FeedbackOutcome =
  | { kind: 'not-found' }
  | { kind: 'conflict' }
  | { kind: 'unchanged'; entry: InboxEntry }
  | { kind: 'recorded'; entry: InboxEntry; doc: InboxDoc };

/**
 * "Did this help?" for one suggestion of a delivered nudge. Not found unless the nudge is in this
 * inbox, delivered, and offered that suggestion. The same answer again is a no-op (a retried
 * request); a different answer is a conflict, because the bandit cannot take an answer back.
 */
export function recordFeedback(
  doc: InboxDoc | undefined,
  nudgeId: string,
  suggestionId: string,
  helpful: boolean,
): FeedbackOutcome {
  const entry = doc?.nudges.find((e) => e.nudge.nudgeId === nudgeId && e.deliveredAt !== null);
  if (!doc || !entry?.nudge.suggestions.some((s) => s.id === suggestionId)) {
    return { kind: 'not-found' };
  }
  const given = entry.feedback[suggestionId];
  if (given !== undefined) return given === helpful ? { kind: 'unchanged', entry } : { kind: 'conflict' };
  const next: InboxEntry = { ...entry, feedback: { ...entry.feedback, [suggestionId]: helpful } };
  return {
    kind: 'recorded',
    entry: next,
    doc: {
      ...doc,
      state: applyFeedback(doc.state, suggestionId, helpful),
      nudges: doc.nudges.map((e) => (e === entry ? next : e)),
    },
  };
}

export type DismissalOutcome =
  | { kind: 'not-found' }
  | { kind: 'unchanged'; entry: InboxEntry }
  | { kind: 'recorded'; entry: InboxEntry; doc: InboxDoc };

/**
 * The person dismisses a delivered nudge with a reason (null: takes the dismissal back). A second,
 * different reason replaces the first with its own time, as the person changed their mind; the same
 * reason again keeps the first time (a retried request moves nothing).
 */
export function recordDismissal(
  doc: InboxDoc | undefined,
  nudgeId: string,
  reason: DismissalReason | null,
  at: Date,
): DismissalOutcome {
  const entry = doc?.nudges.find((e) => e.nudge.nudgeId === nudgeId && e.deliveredAt !== null);
  if (!doc || !entry) return { kind: 'not-found' };
  if ((entry.dismissal?.reason ?? null) === reason) return { kind: 'unchanged', entry };
  const { dismissal: _old, ...rest } = entry;
  const next: InboxEntry = reason === null ? rest : { ...rest, dismissal: { reason, at: at.toISOString() } };
  return {
    kind: 'recorded',
    entry: next,
    doc: { ...doc, nudges: doc.nudges.map((e) => (e === entry ? next : e)) },
  };
}

/** The dismissals a night ending at `untilMs` may learn from: given in [fromMs, untilMs), oldest first. */
export function dismissalsOf(doc: InboxDoc | undefined, fromMs: number, untilMs: number): Dismissal[] {
  const out: Dismissal[] = [];
  for (const e of doc?.nudges ?? []) {
    if (!e.dismissal) continue;
    const atMs = Date.parse(e.dismissal.at);
    if (atMs >= fromMs && atMs < untilMs) out.push({ asOf: e.nudge.asOf, reason: e.dismissal.reason, atMs });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

export function withSubscription(doc: InboxDoc, sub: PushSubscriptionJson, at: Date): InboxDoc {
  const kept = doc.subscriptions.filter((s) => s.endpoint !== sub.endpoint);
  const added: StoredSubscription = { ...sub, addedAt: at.toISOString() };
  return { ...doc, subscriptions: [...kept, added].slice(-MAX_SUBSCRIPTIONS) };
}

export function withoutSubscription(doc: InboxDoc, endpoint: string): InboxDoc {
  return { ...doc, subscriptions: doc.subscriptions.filter((s) => s.endpoint !== endpoint) };
}

/** Subscriptions a push may go to now: expired ones are skipped (the browser will renew them). */
export function liveSubscriptions(doc: InboxDoc, now: Date): StoredSubscription[] {
  return doc.subscriptions.filter((s) => s.expirationTime == null || s.expirationTime > now.getTime());
}
