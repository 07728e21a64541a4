import { EventBus } from '../events/event-bus';
import type { ConsentHandler, ConsentLog } from '../kafka/kafka.consent-log';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import type { ConsentRecord } from './consent.schema';
import { ConsentService } from './consent.service';

/** A consent log whose consumer we drive by hand, to play out a consumer that lags behind. */
class FakeLog {
  handler?: ConsentHandler;
  readonly published: { key: string; value: string | null }[] = [];
  isCaughtUp = true;
  caughtUp = Promise.resolve();
  async start(h: ConsentHandler) {
    this.handler = h;
  }
  async publish(key: string, value: string | null) {
    this.published.push({ key, value });
  }
  async stop() {}
  /** Delivers the n-th published record to the service, as the consumer would. */
  deliver(n: number) {
    const r = this.published[n]!;
    this.handler!(r.key, r.value === null ? null : Buffer.from(r.value));
  }
}

const grant: ConsentRecord = {
  subjectId: 's1',
  status: 'granted',
  scopes: ['ingest'],
  cohorts: [],
  policyVersion: '2026-11',
  at: '2026-11-20T08:00:00+01:00',
  erase: false,
};

function setup() {
  const log = new FakeLog();
  const events = new EventBus();
  const pseudonymizer = new Pseudonymizer([
    { keyId: 'k2', secret: 'b'.repeat(32) },
    { keyId: 'k1', secret: 'a'.repeat(32) },
  ]);
  const service = new ConsentService(log as unknown as ConsentLog, pseudonymizer, events);
  return { log, service, pseudonymizer, events };
}

describe('ConsentService', () => {
  it('does not let a lagging consumer re-grant after a withdrawal', async () => {
    const { log, service } = setup();
    await service.ready;
    await service.record(grant);
    await service.record({ ...grant, status: 'revoked', at: '2026-11-20T09:00:00+01:00' });
    expect(service.view.allows('s1', 'ingest')).toBe(false);
    log.deliver(0); // the old grant arrives after the withdrawal was applied here
    expect(service.view.allows('s1', 'ingest')).toBe(false);
    log.deliver(1);
    expect(service.view.get('s1')?.status).toBe('revoked');
    // once our write is read back, records from other instances apply again
    log.handler!('s1', Buffer.from(JSON.stringify({ ...grant, at: '2026-11-21T08:00:00+01:00' })));
    expect(service.view.allows('s1', 'ingest')).toBe(true);
  });

  it('a withdrawal with erase is only recorded here; the tombstone that ends an erasure holds through stale records', async () => {
    const { log, service, pseudonymizer } = setup();
    await service.ready;
    await service.record(grant);
    await service.record({ ...grant, status: 'revoked', erase: true });
    expect(service.view.get('s1')).toMatchObject({ status: 'revoked', erase: true });
    expect(log.published.map((p) => p.value === null)).toEqual([false, false]);
    const pid = pseudonymizer.pid('s1');
    await service.tombstone('s1');
    expect(log.published.map((p) => p.value === null)).toEqual([false, false, true]);
    expect(service.view.get('s1')).toBeUndefined();
    log.deliver(0);
    log.deliver(1);
    expect(service.view.get('s1')).toBeUndefined();
    log.deliver(2);
    expect(service.view.get('s1')).toBeUndefined();
    expect(pseudonymizer.pid('s1')).toBe(pid); // recomputed after the cache forgot it
  });

  it('follows the topic again after a publish failed', async () => {
    const { log, service } = setup();
    await service.ready;
    log.publish = async () => {
      throw new Error('broker down');
    };
    await expect(service.record(grant)).rejects.toThrow('broker down');
    expect(service.view.get('s1')).toBeUndefined();
    log.handler!('s1', Buffer.from(JSON.stringify(grant)));
    expect(service.view.allows('s1', 'ingest')).toBe(true);
  });

  it('tells listeners of every change it applies, whoever wrote it', async () => {
    const { log, service, events } = setup();
    const heard: (string | null)[] = [];
    events.on(
      'consent.changed',
      'test',
      ({ subjectId, record }) => void heard.push(record ? `${subjectId}:${record.status}` : null),
    );
    await service.ready;
    await service.record(grant);
    log.handler!('s2', Buffer.from(JSON.stringify({ ...grant, subjectId: 's2', status: 'revoked' })));
    await service.tombstone('s1');
    expect(heard).toEqual(['s1:granted', 's2:revoked', null]);
  });
});
