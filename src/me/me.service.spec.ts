import type { AppConfig } from '../config/config.schema';
import type { ConsentService } from '../consent/consent.service';
import type { HistoryQuery } from '../influx/influx.history-query';
import type { PointWriter } from '../influx/influx.point-writer';
import type { InboxStore } from '../nudges/inbox/inbox.store';
import type { NudgesService } from '../nudges/nudges.service';
import type { Pseudonymizer } from '../privacy/pseudonymizer';
import type { WarningsService } from '../warnings/warnings.service';
import { MeService } from './me.service';

/** InfluxDB's side of the personal reads, answered by hand: who asked, in what order, how many at once. */
class HandHistory {
  readonly asked: string[] = [];
  readonly open = new Map<string, { ok: () => void; fail: (e: Error) => void }>();
  most = 0;

  private read(pid: string): Promise<[]> {
    this.asked.push(pid);
    this.most = Math.max(this.most, this.open.size + 1);
    return new Promise((resolve, reject) => {
      const done = () => this.open.delete(pid);
      this.open.set(pid, {
        ok: () => {
          done();
          resolve([]);
        },
        fail: (e) => {
          done();
          reject(e);
        },
      });
    });
  }
  judgedNights = (pid: string) => this.read(`${pid}:judged`);
  nights = (pid: string) => this.read(`${pid}:nights`);
  checkIns = (pid: string) => this.read(`${pid}:checkins`);
}

function setup(limit: number) {
  const history = new HandHistory();
  const config = {
    INFLUX_PERSONAL_READS: limit,
    WARNING_PRESET: 'default',
    NUDGE_TIME_ZONE: 'UTC',
  } as AppConfig;
  const me = new MeService(
    config,
    history as unknown as HistoryQuery,
    {} as PointWriter,
    { allPids: (s: string) => [`p${s}`] } as unknown as Pseudonymizer,
    { view: { get: () => undefined } } as unknown as ConsentService,
    { isReady: false } as unknown as NudgesService,
    {} as InboxStore,
    {} as WarningsService,
  );
  return { me, history };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('MeService: the personal reads through one gate (INFLUX_PERSONAL_READS)', () => {
  it('sends InfluxDB at most the limit of reads at once, in the order people asked', async () => {
    const { me, history } = setup(2);
    const now = new Date('2026-12-01T12:00:00Z');
    const answers = Array.from({ length: 6 }, (_, i) =>
      i === 5 ? me.checkIns(String(i), 7, now) : me.nights(String(i), 7, now),
    );
    await tick();
    expect(history.asked).toEqual(['p0:judged', 'p1:judged']);
    // nobody stored judged nights: each answer's second read (the replay) queues behind the others
    for (let round = 0; round < 12 && history.open.size > 0; round++) {
      history.open.values().next().value!.ok();
      await tick();
      expect(history.open.size).toBeLessThanOrEqual(2);
    }
    await Promise.all(answers);
    expect(history.most).toBe(2);
    expect(history.asked.slice(0, 6)).toEqual([
      'p0:judged',
      'p1:judged',
      'p2:judged',
      'p3:judged',
      'p4:judged',
      'p5:checkins',
    ]);
  });

  it('gives a failed read to its caller and answers the people behind it', async () => {
    const { me, history } = setup(1);
    const now = new Date('2026-12-01T12:00:00Z');
    const first = me.checkIns('a', 7, now);
    const second = me.checkIns('b', 7, now);
    await tick();
    history.open.get('pa:checkins')!.fail(new Error('InfluxDB refused the query'));
    await expect(first).rejects.toThrow('InfluxDB refused the query');
    await tick();
    history.open.get('pb:checkins')!.ok();
    await expect(second).resolves.toEqual([]);
  });
});
