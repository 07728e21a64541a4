import { NUDGE_RATE } from '../../warnings/nudge.policy';
import {
  deliveryHistory,
  dismissalsOf,
  dueNudges,
  emptyInbox,
  type InboxDoc,
  inboxDocSchema,
  liveSubscriptions,
  MAX_NUDGES,
  MAX_SUBSCRIPTIONS,
  markDelivered,
  recordDismissal,
  recordFeedback,
  visibleNudges,
  withNudge,
  withoutNudge,
  withoutSubscription,
  withSubscription,
} from './inbox.document';
import { planNudge } from './inbox.planner';

const T0 = Date.parse('2026-11-20T09:00:00Z');
const uuid = (n: number) => `0f8fad5b-d9cb-469f-a165-${String(n).padStart(12, '0')}`;

/** A doc with `n` nudges a week apart, made with the real planner; all delivered but the last. */
function inboxWith(n: number): InboxDoc {
  let doc = emptyInbox();
  for (let i = 0; i < n; i++) {
    const now = new Date(T0 + i * 7 * 86_400_000);
    const plan = planNudge(
      {
        subjectId: 's',
        asOf: now.toISOString().slice(0, 10),
        level: 'watch',
        signals: [{ signal: 'hrv', value: 3.4, baseline: 3.8, band: [3.6, 4], days: 3 }],
      },
      doc,
      {
        now,
        nudgeId: uuid(i),
        timeZone: 'UTC',
        quiet: { start: '00:00', end: '00:00' },
        policy: NUDGE_RATE,
        maxNightAgeDays: 3,
      },
    );
    if (plan.outcome !== 'planned') throw new Error(plan.reason);
    doc = i < n - 1 ? markDelivered(plan.doc, uuid(i), now) : plan.doc;
  }
  return doc;
}

const sub = (n: number) => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/${n}`,
  keys: { p256dh: 'BA', auth: 'AA' },
});

describe('inbox document', () => {
  it('counts held nudges in the delivery history and shows only delivered ones, newest first', () => {
    const doc = inboxWith(3);
    expect(deliveryHistory(doc)).toHaveLength(3);
    expect(visibleNudges(doc).map((e) => e.nudge.nudgeId)).toEqual([uuid(1), uuid(0)]);
    expect(dueNudges(doc, new Date(T0 + 13 * 86_400_000))).toEqual([]);
    expect(dueNudges(doc, new Date(T0 + 14 * 86_400_000)).map((e) => e.nudge.nudgeId)).toEqual([uuid(2)]);
    expect(visibleNudges(withoutNudge(doc, uuid(2)))).toHaveLength(2);
    expect(inboxDocSchema.parse(JSON.parse(JSON.stringify(doc)))).toEqual(doc);
  });

  it('keeps at most MAX_NUDGES, dropping the oldest delivered and never a held one', () => {
    const doc = inboxWith(MAX_NUDGES + 1);
    expect(doc.nudges).toHaveLength(MAX_NUDGES);
    expect(doc.nudges[0]!.nudge.nudgeId).toBe(uuid(1));
    const held = doc.nudges.map((e) => ({ ...e, deliveredAt: null }));
    const more = withNudge({ ...doc, nudges: held }, held[0]!, doc.state);
    expect(more.nudges).toHaveLength(MAX_NUDGES + 1);
  });

  it('records one answer per suggestion and updates the bandit', () => {
    const doc = inboxWith(2);
    const entry = doc.nudges[0]!;
    const [s1] = entry.nudge.suggestions;
    const first = recordFeedback(doc, uuid(0), s1!.id, true);
    if (first.kind !== 'recorded') throw new Error(first.kind);
    expect(first.entry.feedback).toEqual({ [s1!.id]: true });
    expect(first.doc.state.arms[s1!.id]).toEqual([2, 1]);
    expect(recordFeedback(first.doc, uuid(0), s1!.id, true)).toMatchObject({ kind: 'unchanged' });
    expect(recordFeedback(first.doc, uuid(0), s1!.id, false)).toEqual({ kind: 'conflict' });
  });

  it('finds no nudge that is held, foreign or without that suggestion', () => {
    const doc = inboxWith(2);
    const offered = doc.nudges[1]!.nudge.suggestions[0]!.id;
    expect(recordFeedback(doc, uuid(1), offered, true)).toEqual({ kind: 'not-found' }); // held
    expect(recordFeedback(undefined, uuid(0), offered, true)).toEqual({ kind: 'not-found' });
    expect(recordFeedback(doc, uuid(9), offered, true)).toEqual({ kind: 'not-found' });
    const notOffered = 'x'.repeat(5);
    expect(recordFeedback(doc, uuid(0), notOffered, true)).toEqual({ kind: 'not-found' });
  });

  it('replaces a subscription by endpoint, caps them, and skips expired ones', () => {
    let doc = emptyInbox();
    const at = new Date(T0);
    for (let i = 0; i < MAX_SUBSCRIPTIONS + 2; i++) doc = withSubscription(doc, sub(i), at);
    expect(doc.subscriptions.map((s) => s.endpoint)).toEqual(
      Array.from({ length: MAX_SUBSCRIPTIONS }, (_, i) => sub(i + 2).endpoint),
    );
    doc = withSubscription(doc, { ...sub(5), expirationTime: T0 - 1 }, at);
    expect(doc.subscriptions).toHaveLength(MAX_SUBSCRIPTIONS);
    expect(liveSubscriptions(doc, at).map((s) => s.endpoint)).not.toContain(sub(5).endpoint);
    expect(withoutSubscription(doc, sub(6).endpoint).subscriptions).toHaveLength(MAX_SUBSCRIPTIONS - 1);
  });
});

describe('inbox document: dismissals (issue #20)', () => {
  const at = (h: number) => new Date(T0 + 8 * 86_400_000 + h * 3_600_000);

  it('records a reason for a delivered nudge, replaces it with a new one, and takes it back', () => {
    const doc = inboxWith(3);
    const first = recordDismissal(doc, uuid(0), 'late-night', at(0));
    if (first.kind !== 'recorded') throw new Error(first.kind);
    expect(first.entry.dismissal).toEqual({ reason: 'late-night', at: at(0).toISOString() });
    expect(first.doc.state).toBe(doc.state); // the suggestion bandit is not touched
    const again = recordDismissal(first.doc, uuid(0), 'late-night', at(5));
    expect(again).toMatchObject({ kind: 'unchanged', entry: { dismissal: { at: at(0).toISOString() } } });
    const changed = recordDismissal(first.doc, uuid(0), 'travel', at(5));
    if (changed.kind !== 'recorded') throw new Error(changed.kind);
    expect(changed.entry.dismissal).toEqual({ reason: 'travel', at: at(5).toISOString() });
    const undone = recordDismissal(changed.doc, uuid(0), null, at(6));
    if (undone.kind !== 'recorded') throw new Error(undone.kind);
    expect(undone.entry).not.toHaveProperty('dismissal');
    expect(recordDismissal(undone.doc, uuid(0), null, at(7))).toMatchObject({ kind: 'unchanged' });
    expect(inboxDocSchema.parse(JSON.parse(JSON.stringify(changed.doc)))).toEqual(changed.doc);
  });

  it('finds no nudge that is held or not in this inbox', () => {
    const doc = inboxWith(2);
    expect(recordDismissal(doc, uuid(1), 'ill', at(0))).toEqual({ kind: 'not-found' }); // held
    expect(recordDismissal(doc, uuid(9), 'ill', at(0))).toEqual({ kind: 'not-found' });
    expect(recordDismissal(undefined, uuid(0), 'ill', at(0))).toEqual({ kind: 'not-found' });
  });

  it('reads a stored record written before dismissals existed, and refuses an unknown reason', () => {
    const doc = JSON.parse(JSON.stringify(inboxWith(2)));
    expect(inboxDocSchema.safeParse(doc).success).toBe(true);
    doc.nudges[0].dismissal = { reason: 'bored', at: at(0).toISOString() };
    expect(inboxDocSchema.safeParse(doc).success).toBe(false);
  });

  it('gives a night only the dismissals made in its window, oldest first, with the nudge night', () => {
    let doc = inboxWith(4);
    for (const [i, reason, h] of [
      [2, 'ill', 30],
      [0, 'not-helpful', 10],
      [1, 'travel', 20],
    ] as const) {
      const r = recordDismissal(doc, uuid(i), reason, at(h));
      if (r.kind !== 'recorded') throw new Error(r.kind);
      doc = r.doc;
    }
    const all = dismissalsOf(doc, 0, at(31).getTime());
    expect(all.map((d) => d.reason)).toEqual(['not-helpful', 'travel', 'ill']);
    expect(all[0]).toEqual({
      asOf: doc.nudges[0]!.nudge.asOf,
      reason: 'not-helpful',
      atMs: at(10).getTime(),
    });
    // the end is exclusive (said as the night ended: not before it), the start inclusive
    expect(dismissalsOf(doc, at(20).getTime(), at(30).getTime()).map((d) => d.reason)).toEqual(['travel']);
    expect(dismissalsOf(undefined, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});
