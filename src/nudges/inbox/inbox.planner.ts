import { seededRng } from '../../common/seeded-rng';
import { type Level, nudgeV1Schema, type SignalDeviation } from '../nudge.schema';
import type { PersonalContext } from '../suggestions/message';
import { buildNudge } from '../suggestions/nudge.factory';
import { checkDelivery, type DeliveryPolicy } from '../timing/delivery-policy';
import { nextDeliveryTime, type QuietHours, resolveTimeZone } from '../timing/quiet-hours';
import { isValidTimeZone, toLocal } from '../timing/zoned-time';
import { deliveryHistory, type InboxDoc, type InboxEntry, withNudge } from './inbox.document';

/** What the warning rules asked for (NudgeRequest, minus the pid). */
export interface NudgeAsk {
  subjectId: string;
  asOf: string;
  level: Level;
  signals: readonly SignalDeviation[];
  personal?: PersonalContext;
}

export interface PlanContext {
  now: Date;
  /** Made by the caller (randomUUID); it also seeds the suggestion choice. */
  nudgeId: string;
  timeZone: string;
  quiet: QuietHours;
  policy: DeliveryPolicy;
  /** A night older than this (in the person's local days) is no longer worth a nudge. */
  maxNightAgeDays: number;
}

export type DropReason = 'duplicate' | 'stale' | 'cooldown' | 'weekly-cap' | 'invalid';

export type Plan =
  | { outcome: 'dropped'; reason: DropReason }
  | { outcome: 'planned'; doc: InboxDoc; entry: InboxEntry; deliverAt: Date };

const DAY_MS = 86_400_000;

/**
 * Decides whether and when one person gets a nudge, and builds it: pure over their inbox record.
 * The nudge waits until quiet hours end in their zone; cooldown and the weekly cap are checked at
 * that delivery time against every nudge made, held ones included.
 */
export function planNudge(ask: NudgeAsk, doc: InboxDoc, ctx: PlanContext): Plan {
  // the warning engine asks once per night, but a retried batch may ask again
  if (doc.nudges.some((e) => e.nudge.asOf === ask.asOf && e.nudge.level === ask.level)) {
    return { outcome: 'dropped', reason: 'duplicate' };
  }
  const today = toLocal(ctx.now.getTime(), ctx.timeZone);
  const ageDays = (Date.UTC(today.year, today.month - 1, today.day) - Date.parse(ask.asOf)) / DAY_MS;
  if (!Number.isFinite(ageDays)) return { outcome: 'dropped', reason: 'invalid' };
  if (ageDays > ctx.maxNightAgeDays) return { outcome: 'dropped', reason: 'stale' };

  const deliverAt = nextDeliveryTime(ctx.now, ctx.timeZone, ctx.quiet);
  const decision = checkDelivery(deliveryHistory(doc), ask.level, deliverAt, ctx.policy);
  if (!decision.allowed) return { outcome: 'dropped', reason: decision.reason };

  const built = buildNudge(
    { nudgeId: ctx.nudgeId, createdAt: ctx.now, ...ask },
    doc.state,
    seededRng(ctx.nudgeId),
  );
  const parsed = nudgeV1Schema.safeParse(built.nudge);
  if (!parsed.success) return { outcome: 'dropped', reason: 'invalid' };
  const { subjectId: _, ...nudge } = parsed.data;
  const entry: InboxEntry = { nudge, deliverAt: deliverAt.toISOString(), deliveredAt: null, feedback: {} };
  return { outcome: 'planned', doc: withNudge(doc, entry, built.nextState), entry, deliverAt };
}

/**
 * The zone for quiet hours: the one in the person's consent, else the warning engine's UTC offset
 * of that night (a fixed zone, no DST), else the deployment's default.
 */
export function zoneFor(
  consentZone: string | undefined,
  offsetMinutes: number | undefined,
  fallback: string,
) {
  if (consentZone && isValidTimeZone(consentZone)) return consentZone;
  const fromOffset = offsetMinutes === undefined ? undefined : zoneOfOffset(offsetMinutes);
  return resolveTimeZone(fromOffset, fallback);
}

/** Whole hours as Etc/GMT∓h (note the inverted sign of the Etc zones); others as ±HH:MM. */
export function zoneOfOffset(minutes: number): string | undefined {
  if (!Number.isInteger(minutes) || Math.abs(minutes) > 14 * 60) return undefined;
  if (minutes % 60 === 0) {
    const h = minutes / 60;
    return h === 0 ? 'Etc/GMT' : `Etc/GMT${h > 0 ? '-' : '+'}${Math.abs(h)}`;
  }
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${minutes < 0 ? '-' : '+'}${hhmm}`;
}
