import { NUDGE_RATE } from '../../warnings/nudge.policy';
import { nudgeV1Schema } from '../nudge.schema';
import { emptyInbox, type InboxDoc } from './inbox.document';
import { type NudgeAsk, type PlanContext, planNudge, zoneFor, zoneOfOffset } from './inbox.planner';

const ask: NudgeAsk = {
  subjectId: 'nurse-ana',
  asOf: '2026-11-20',
  level: 'warning',
  signals: [{ signal: 'sleep', value: 5.9, baseline: 7.2, band: [6.8, 7.6], days: 4 }],
};
// 10:00 in Berlin (UTC+1 in November): outside the default quiet hours 21:00–07:30
const ctx: PlanContext = {
  now: new Date('2026-11-20T09:00:00Z'),
  nudgeId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  timeZone: 'Europe/Berlin',
  quiet: { start: '21:00', end: '07:30' },
  policy: NUDGE_RATE,
  maxNightAgeDays: 3,
};
const id = (n: number) => `0f8fad5b-d9cb-469f-a165-7086772895${String(n).padStart(2, '0')}`;

function planned(doc: InboxDoc, over: Partial<PlanContext> = {}, a: NudgeAsk = ask) {
  const plan = planNudge(a, doc, { ...ctx, ...over });
  if (plan.outcome !== 'planned') throw new Error(`dropped: ${plan.reason}`);
  return plan;
}

describe('planNudge', () => {
  it('builds a nudge now, outside quiet hours, stored without the subjectId', () => {
    const plan = planned(emptyInbox());
    expect(plan.deliverAt).toEqual(ctx.now);
    expect(plan.entry).toMatchObject({ deliveredAt: null, feedback: {}, deliverAt: ctx.now.toISOString() });
    expect(plan.entry.nudge).not.toHaveProperty('subjectId');
    expect(JSON.stringify(plan.doc)).not.toContain('nurse-ana');
    expect(nudgeV1Schema.parse({ ...plan.entry.nudge, subjectId: 'nurse-ana' })).toBeTruthy();
    expect(plan.doc.nudges).toEqual([plan.entry]);
    expect(plan.doc.state.recent).toEqual([plan.entry.nudge.suggestions.map((s) => s.id)]);
  });

  it('puts a sleep-protecting suggestion first when sleep drifted longest', () => {
    expect(planned(emptyInbox()).entry.nudge.suggestions[0]!.category).toBe('sleep');
  });

  it('is reproducible from the nudgeId and the state', () => {
    expect(planned(emptyInbox()).entry).toEqual(planned(emptyInbox()).entry);
  });

  it('holds a nudge made in quiet hours until they end in the person’s zone', () => {
    const night = new Date('2026-11-20T22:30:00Z'); // 23:30 in Berlin, 17:30 in New York
    expect(planned(emptyInbox(), { now: night }).deliverAt).toEqual(new Date('2026-11-21T06:30:00Z'));
    expect(planned(emptyInbox(), { now: night, timeZone: 'America/New_York' }).deliverAt).toEqual(night);
  });

  it('counts held nudges in the cooldown, and drops a repeat of the same night', () => {
    const first = planned(emptyInbox(), { now: new Date('2026-11-20T22:30:00Z') });
    expect(first.entry.deliveredAt).toBeNull();
    const next = planNudge({ ...ask, asOf: '2026-11-21' }, first.doc, {
      ...ctx,
      now: new Date('2026-11-21T09:00:00Z'),
      nudgeId: id(2),
    });
    expect(next).toEqual({ outcome: 'dropped', reason: 'cooldown' });
    expect(planNudge(ask, first.doc, { ...ctx, nudgeId: id(3) })).toEqual({
      outcome: 'dropped',
      reason: 'duplicate',
    });
  });

  it('lets watch → warning through the cooldown, but not through the weekly cap', () => {
    const watch = planned(emptyInbox(), {}, { ...ask, level: 'watch' });
    const day = (d: number) => new Date(Date.parse('2026-11-20T09:00:00Z') + d * 86_400_000);
    const warning = planned(watch.doc, { now: day(1), nudgeId: id(2) }, { ...ask, asOf: '2026-11-21' });
    const third = planNudge({ ...ask, level: 'watch', asOf: '2026-11-25' }, warning.doc, {
      ...ctx,
      now: day(5),
      nudgeId: id(3),
    });
    expect(third).toEqual({ outcome: 'dropped', reason: 'weekly-cap' });
  });

  it('drops nights older than the limit in the person’s local days', () => {
    const later = { now: new Date('2026-11-23T23:30:00Z') }; // 24 Nov 00:30 in Berlin: 4 days on
    expect(planNudge(ask, emptyInbox(), { ...ctx, ...later })).toEqual({
      outcome: 'dropped',
      reason: 'stale',
    });
    expect(planned(emptyInbox(), { ...later, timeZone: 'UTC' }).entry.nudge.asOf).toBe('2026-11-20');
    expect(planNudge({ ...ask, asOf: 'yesterday' }, emptyInbox(), ctx)).toEqual({
      outcome: 'dropped',
      reason: 'invalid',
    });
  });
});

describe('zoneFor', () => {
  it('prefers the consent zone, then the night’s UTC offset, then the default', () => {
    expect(zoneFor('America/Chicago', 60, 'Europe/Berlin')).toBe('America/Chicago');
    expect(zoneFor(undefined, -300, 'Europe/Berlin')).toBe('Etc/GMT+5');
    expect(zoneFor('Not/AZone', undefined, 'Europe/Berlin')).toBe('Europe/Berlin');
    expect(zoneFor(undefined, 99_999, 'Europe/Berlin')).toBe('Europe/Berlin');
  });

  it('names offsets as zones', () => {
    expect([zoneOfOffset(0), zoneOfOffset(60), zoneOfOffset(-600)]).toEqual([
      'Etc/GMT',
      'Etc/GMT-1',
      'Etc/GMT+10',
    ]);
    expect([zoneOfOffset(330), zoneOfOffset(-570), zoneOfOffset(1.5)]).toEqual([
      '+05:30',
      '-09:30',
      undefined,
    ]);
  });
});
