import { createECDH, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';
import { ConsentView } from '../consent/consent.view';
import { ErasureSteps } from '../erasure/erasure.steps';
import { EventBus } from '../events/event-bus';
import type { InboxLog } from '../kafka/kafka.inbox-log';
import type { RecordProducer } from '../kafka/kafka.record-producer';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import type { NudgeRequest } from '../warnings/nudge-request';
import { NudgeDelivery } from './inbox/inbox.delivery';
import { LiveStreams } from './inbox/inbox.live';
import type { NudgeMetrics } from './inbox/inbox.metrics';
import { InboxStore } from './inbox/inbox.store';
import { SubjectSeal } from './inbox/inbox.subject-seal';
import type { NudgeDto } from './nudges.dto';
import { NudgesService } from './nudges.service';
import type { PushResult, PushSender } from './push/push.sender';
import { PUSH_PREVIEW } from './suggestions/message';

Logger.overrideLogger(false);
const keys = [{ keyId: 'k1', secret: 's'.repeat(32) }];
const ana = 'nurse-ana';
const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const subscription = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/ana',
  keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
};
const consentOf = {
  subjectId: ana,
  status: 'granted',
  cohorts: [],
  policyVersion: '1',
  erase: false,
} as const;
const request = (over: Partial<NudgeRequest> = {}): NudgeRequest => ({
  subjectId: ana,
  pid: 'k1.x',
  asOf: '2026-11-20',
  level: 'warning',
  signals: [{ signal: 'sleep', value: 5.9, baseline: 7.2, band: [6.8, 7.6], days: 4 }],
  ...over,
});

const config = {
  TOPIC_NUDGES: 'nudges',
  NUDGE_TIME_ZONE: 'Europe/Berlin',
  NUDGE_QUIET_HOURS: { start: '21:00', end: '07:30' },
} as AppConfig;

/** The service and its delivery over fakes of Kafka, push and consent; the store and streams are real. */
function setup() {
  const t = {
    writes: [] as { pid: string; value: string | null }[],
    published: [] as { key: string | null; value: unknown }[],
    pushes: [] as string[],
    pushResult: 'sent' as PushResult,
    outcomes: [] as string[],
    steps: new ErasureSteps(),
    now: new Date('2026-11-20T09:00:00Z'), // 10:00 in Berlin
    view: new ConsentView(),
    live: new LiveStreams<NudgeDto>(),
    pseudonymizer: new Pseudonymizer(keys),
    events: new EventBus(),
  };
  const publish = jest.fn(async (pid: string, value: string | null) => void t.writes.push({ pid, value }));
  /** The inbox topic's read barrier: resolved at once unless a test holds it. */
  const barrier = { held: undefined as Promise<void> | undefined, calls: 0 };
  const catchUp = async () => {
    barrier.calls++;
    await barrier.held;
  };
  const log = { isCaughtUp: true, caughtUp: Promise.resolve(), start: async () => {}, publish, catchUp };
  const send = jest.fn(async (_: string, rs: { key: string | null; value: unknown }[]) => {
    t.published.push(...rs);
  });
  const sender = { send: async (_: unknown, payload: string) => t.pushes.push(payload) && t.pushResult };
  const metrics = { outcome: (o: string) => t.outcomes.push(o), push: () => {} } as unknown as NudgeMetrics;
  const consent = { view: t.view } as never;
  const store = new InboxStore(log as unknown as InboxLog, t.pseudonymizer, new SubjectSeal(keys));
  const clock = () => t.now;
  const producer = { send } as unknown as RecordProducer;
  const push = sender as unknown as PushSender;
  const { live, pseudonymizer: pseudo, events } = t;
  const delivery = new NudgeDelivery(config, consent, store, producer, live, push, pseudo, metrics, clock);
  const service = new NudgesService(
    config,
    consent,
    store,
    delivery,
    live,
    pseudo,
    events,
    metrics,
    clock,
    t.steps,
  );
  service.onModuleInit();
  return Object.assign(t, {
    store,
    service,
    delivery,
    publish,
    barrier,
    send,
    grant: (scopes: ('ingest' | 'early-warning')[]) =>
      t.view.apply(ana, { ...consentOf, at: '2026-11-01T00:00:00Z', scopes, cohorts: [] }),
    /** Waits for background deliveries. */
    settle: () =>
      delivery.beforeApplicationShutdown().then(() => Object.assign(delivery, { stopping: false })),
  });
}

describe('NudgesService', () => {
  it('delivers to nudges.v1 (key subjectId), the inbox, the live stream and push; stores by pid only', async () => {
    const t = setup();
    t.grant(['ingest', 'early-warning']);
    await t.service.subscribe(ana, subscription);
    const seen: NudgeDto[] = [];
    t.service.stream(ana).subscribe((n) => seen.push(n));
    await t.events.emit('nudge.requested', request());
    await t.settle();
    const [nudge] = t.service.inbox(ana);
    expect(nudge).toBeDefined();
    expect(t.published).toEqual([{ key: ana, value: expect.stringContaining(`"subjectId":"${ana}"`) }]);
    expect(JSON.parse(t.published[0]!.value as string).suggestions[0].category).toBe('sleep');
    expect(seen).toEqual([nudge]);
    expect(t.pushes.map((p) => JSON.parse(p))).toEqual([{ ...PUSH_PREVIEW, nudgeId: nudge!.nudgeId }]);
    const pid = t.pseudonymizer.pid(ana);
    expect(t.writes.every((w) => w.pid === pid && !w.value?.includes(ana))).toBe(true);
    expect(t.outcomes).toEqual(['delivered']);
  });

  it('plans a nudge only once the inbox topic is read to its end (another instance may have nudged last)', async () => {
    const t = setup();
    t.grant(['ingest', 'early-warning']);
    let release = () => {};
    t.barrier.held = new Promise((r) => {
      release = r;
    });
    const handled = t.events.emit('nudge.requested', request());
    await new Promise((r) => setImmediate(r));
    expect(t.barrier.calls).toBe(1);
    expect(t.writes).toEqual([]);
    release();
    await handled;
    await t.settle();
    expect(t.writes.length).toBeGreaterThan(0);
    expect(t.outcomes).toEqual(['delivered']);
  });

  it('gives no nudge without early-warning consent', async () => {
    const t = setup();
    t.grant(['ingest']);
    await t.events.emit('nudge.requested', request());
    expect(t.writes).toEqual([]);
    expect(t.outcomes).toEqual(['dropped-no-consent']);
    expect(await t.service.subscribe(ana, subscription)).toBe(false);
  });

  it('holds through quiet hours, releases when they end, and drops it if consent went meanwhile', async () => {
    const t = setup();
    t.grant(['early-warning']);
    t.now = new Date('2026-11-20T22:00:00Z'); // 23:00 in Berlin
    await t.events.emit('nudge.requested', request());
    expect(t.outcomes).toEqual(['held']);
    expect(await t.delivery.releaseDue(new Date('2026-11-21T06:29:00Z'))).toBe(0);
    expect(await t.delivery.releaseDue(new Date('2026-11-21T06:30:00Z'))).toBe(1);
    expect(t.service.inbox(ana)).toHaveLength(1);
    await t.events.emit('nudge.requested', request({ asOf: '2026-11-22', level: 'watch' }));
    expect(t.outcomes.at(-1)).toBe('dropped-cooldown');

    const u = setup();
    u.grant(['early-warning']);
    u.now = t.now;
    await u.events.emit('nudge.requested', request());
    u.view.apply(ana, null);
    await u.delivery.releaseDue(new Date('2026-11-21T07:00:00Z'));
    expect(u.published).toEqual([]);
    expect(u.service.inbox(ana)).toEqual([]);
    expect(u.outcomes).toEqual(['held', 'dropped-no-consent']);
  });

  it('throws when the inbox cannot be stored (the batch retries) and drops the retry’s repeat', async () => {
    const t = setup();
    t.grant(['early-warning']);
    t.publish.mockRejectedValueOnce(new Error('broker down'));
    await expect(t.events.emit('nudge.requested', request())).rejects.toThrow('broker down');
    await t.events.emit('nudge.requested', request());
    await t.events.emit('nudge.requested', request());
    await t.settle();
    expect(t.outcomes).toEqual(['delivered', 'dropped-duplicate']);
  });

  it('keeps a nudge held when nudges.v1 fails, and delivers it at the next release', async () => {
    const t = setup();
    t.grant(['early-warning']);
    t.send.mockRejectedValueOnce(new Error('broker down'));
    await t.events.emit('nudge.requested', request());
    await t.settle();
    expect(t.service.inbox(ana)).toEqual([]);
    expect(await t.delivery.releaseDue()).toBe(1);
    expect(t.service.inbox(ana)).toHaveLength(1);
  });

  it('drops a subscription the push service says is gone', async () => {
    const t = setup();
    t.grant(['early-warning']);
    await t.service.subscribe(ana, subscription);
    t.pushResult = 'gone';
    await t.events.emit('nudge.requested', request());
    await t.settle();
    expect(t.pushes).toHaveLength(1);
    expect(t.store.get(ana)?.subscriptions).toEqual([]);
  });

  it('erases the inbox with a tombstone under every pid and closes the person’s streams', async () => {
    const t = setup();
    t.grant(['early-warning']);
    await t.events.emit('nudge.requested', request());
    await t.settle();
    const closed = jest.fn();
    t.service.stream(ana).subscribe({ complete: closed });
    await t.steps.run({ subjectId: ana, pids: [t.pseudonymizer.pid(ana)], requestedAt: null });
    expect(t.writes.at(-1)).toEqual({ pid: t.pseudonymizer.pid(ana), value: null });
    expect(t.service.inbox(ana)).toEqual([]);
    expect(closed).toHaveBeenCalled();
  });

  it('stores a dismissal in the inbox topic by pid, shows it on the nudge, and takes it back', async () => {
    const t = setup();
    t.grant(['ingest', 'early-warning']);
    await t.events.emit('nudge.requested', request());
    await t.settle();
    const [nudge] = t.service.inbox(ana);
    const writes = t.writes.length;
    const done = await t.service.dismiss(ana, nudge!.nudgeId, 'travel');
    expect(done).toMatchObject({ kind: 'recorded' });
    expect(t.writes).toHaveLength(writes + 1);
    expect(JSON.parse(t.writes.at(-1)!.value!).nudges[0].dismissal).toEqual({
      reason: 'travel',
      at: t.now.toISOString(),
    });
    expect(t.service.inbox(ana)[0]!.dismissal).toEqual({ reason: 'travel', at: t.now.toISOString() });
    expect(await t.service.dismiss(ana, nudge!.nudgeId, 'travel')).toMatchObject({ kind: 'unchanged' });
    expect(t.writes).toHaveLength(writes + 1); // a retried request writes nothing
    expect(await t.service.dismiss('someone-else', nudge!.nudgeId, 'ill')).toEqual({ kind: 'not-found' });
    await t.service.dismiss(ana, nudge!.nudgeId, null);
    expect(t.service.inbox(ana)[0]).not.toHaveProperty('dismissal');
  });
});
