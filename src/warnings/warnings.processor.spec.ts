import { dateOfDay } from '../night/night';
import { type HrvSample, sampleOf } from '../night/night.assemble';
import type { NudgeRequest } from './nudge-request';
import { DEFAULT_WARNING_CONFIG } from './warning.config';
import { decodeStateRecord, WarningStates } from './warning.states';
import { D0, hrvOf, nights, normal, sleepOf, stored } from './warnings.fixtures';
import { type NightToStore, type ProcessorDeps, WarningsProcessor } from './warnings.processor';

type Record = { key: string; value: string | null };

/** Fake deps: a changelog that is an array, consent by a set, InfluxDB by a list of samples. */
function setup(writer = 'w1', log: Record[] = []) {
  const sent: NudgeRequest[] = [];
  const allowed = new Set(['alice', 'bob']);
  const store: (HrvSample & { pid?: string })[] = [];
  const calls = { catchUp: 0, stored: 0 };
  const dailies: NightToStore[] = [];
  let failWrites = 0;
  const deps: ProcessorDeps = {
    allows: (s) => allowed.has(s),
    storedHrv: async (pid, from) => {
      calls.stored++;
      return store.filter((s) => (s.pid ?? pid) === pid && s.atMs >= from);
    },
    storedSleeps: async () => [],
    hrvProgress: async () => ({ committed: new Map(), low: new Map(), firstAtOrAfter: new Map() }),
    catchUp: async () => {
      calls.catchUp++;
    },
    writeChangelog: async (records) => {
      if (failWrites > 0 && failWrites--) throw new Error('broker down');
      log.push(...records);
    },
    emit: async (r) => {
      sent.push(r);
    },
    storeNights: async (list) => {
      dailies.push(...list);
    },
  };
  const p = new WarningsProcessor(new WarningStates(DEFAULT_WARNING_CONFIG), deps, writer);
  // as ingest: a batch's readings are in InfluxDB before the warnings see them
  const handle = p.onStored.bind(p);
  p.onStored = (batch) => {
    for (const r of batch)
      if (r.reading.kind === 'hrv') store.push({ ...sampleOf(r.reading, r.fromRr), pid: r.pid });
    return handle(batch);
  };
  return {
    p,
    deps,
    log,
    sent,
    allowed,
    store,
    calls,
    dailies,
    failNextWrites: (n: number) => (failWrites = n),
  };
}

const latest = (log: Record[], key: string) => log.filter((r) => r.key === key).at(-1);

describe('WarningsProcessor', () => {
  it('evaluates each night once, nudges inside a stress episode, and writes one record per person and batch', async () => {
    const { p, log, sent } = setup();
    const sum = await p.onStored([...nights('alice', 'pa', 0, 40), ...nights('bob', 'pb', 0, 40)]);
    expect(sum.nights).toHaveLength(80);
    expect(log.map((r) => r.key)).toEqual(['pa', 'pb']);
    expect(decodeStateRecord(Buffer.from(latest(log, 'pa')!.value!))?.lastNight).toBe(dateOfDay(D0 + 39));
    const stress = await p.onStored(nights('alice', 'pa', 40, 50, 40));
    expect(stress.raised).toEqual(['watch', 'warning']);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subjectId: 'alice', pid: 'pa', level: 'warning', timeZoneHint: 0 });
    expect(sent[0]!.asOf > dateOfDay(D0 + 40)).toBe(true);
    expect(sent[0]!.signals.map((s) => s.signal)).toContain('hrv');
    const again = await p.onStored(nights('alice', 'pa', 40, 50, 40));
    expect(again.nights.every((n) => n.status === 'late' || n.status === 'duplicate')).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('a process restored from the changelog continues exactly like the one that wrote it', async () => {
    const a = setup('w1');
    // one stressed night before the cut: the state carries a raised CuSum, the nudge comes after
    await a.p.onStored(nights('alice', 'pa', 0, 41, 40));
    expect(a.sent).toHaveLength(0);
    const b = setup('w2');
    for (const r of a.log) await b.p.applyRecord(r.key, r.value === null ? null : Buffer.from(r.value), 'w1');
    const rest = nights('alice', 'pa', 41, 55, 40);
    await a.p.onStored(rest);
    await b.p.onStored(rest);
    expect(b.sent).toEqual(a.sent);
    expect(b.sent).toHaveLength(1);
    expect(latest(b.log, 'pa')).toEqual(latest(a.log, 'pa'));
  });

  it('puts the states back when the changelog write fails, so the retried batch decides the same', async () => {
    const { p, log, sent, failNextWrites } = setup();
    await p.onStored(nights('alice', 'pa', 0, 41, 40));
    failNextWrites(1);
    const batch = nights('alice', 'pa', 41, 50, 40);
    await expect(p.onStored(batch)).rejects.toThrow('broker down');
    const first = [...sent];
    expect(first).toHaveLength(1);
    const retried = await p.onStored(batch);
    expect(retried.nights.every((n) => n.status === 'evaluated')).toBe(true);
    expect(sent).toEqual([...first, ...first]); // at least once: same subject and night again
    expect(decodeStateRecord(Buffer.from(latest(log, 'pa')!.value!))?.lastNight).toBe(dateOfDay(D0 + 49));
  });

  it('puts the states back when InfluxDB cannot be read mid-batch', async () => {
    const { p, deps } = setup();
    await p.onStored(nights('alice', 'pa', 0, 5));
    const before = p.states.snapshot('pa');
    deps.storedHrv = async () => {
      throw new Error('influx down');
    };
    await expect(p.onStored([...nights('alice', 'pa', 5, 7), ...nights('bob', 'pb', 0, 1)])).rejects.toThrow(
      'influx down',
    );
    expect(p.states.snapshot('pa')).toEqual(before);
    expect(p.states.has('pb')).toBe(false);
  });

  it('without early-warning consent: no evaluation, and a state held before is dropped and tombstoned', async () => {
    const { p, log, allowed } = setup();
    await p.onStored(nights('alice', 'pa', 0, 20));
    allowed.delete('alice');
    const sum = await p.onStored(nights('alice', 'pa', 20, 22));
    expect(sum.nights).toEqual([]);
    expect(sum.skippedNoConsent).toBe(2);
    expect(p.states.has('pa')).toBe(false);
    expect(latest(log, 'pa')).toEqual({ key: 'pa', value: null });
    const carol = await p.onStored(nights('carol', 'pc', 0, 3));
    expect(carol.skippedNoConsent).toBe(3);
    expect(log.some((r) => r.key === 'pc')).toBe(false);
  });

  it('a strap’s HRV readings reach their night; one arriving after its night is counted late', async () => {
    const { p, log } = setup();
    await p.onStored(nights('alice', 'pa', 0, 30, Infinity, true));
    const restored = decodeStateRecord(Buffer.from(latest(log, 'pa')!.value!))!.person;
    expect(restored.baseline.hrvMeasure).toBe(1); // RMSSD from the readings, not absent
    const late = await p.onStored([stored('pa', hrvOf('alice', 29, normal(29)))]);
    expect(late.lateHrv).toBe(1);
  });

  it('stores the night as evaluated: a strap’s RMSSD and an SDNN watch’s SDNN reach the daily summary', async () => {
    const { p, allowed, dailies } = setup();
    allowed.delete('bob'); // the nightly summary does not wait for early-warning consent
    const n = normal(0);
    const watch = { ...hrvOf('bob', 0, n), source: 'apple' as const, rmssdMs: undefined, sdnnMs: 61 };
    await p.onStored([...nights('alice', 'pa', 0, 1, Infinity, true), stored('pb', watch)]);
    await p.onStored([stored('pb', { ...sleepOf('bob', 0, n, true), source: 'apple' })]);
    const byPid = new Map(dailies.map((d) => [d.pid, d.night]));
    expect(byPid.get('pa')?.lnRmssd).toBeCloseTo(n.lnRmssd, 9);
    expect(byPid.get('pb')?.lnSdnn).toBeCloseTo(Math.log(61), 9);
    expect(byPid.get('pb')?.lnRmssd).toBeUndefined();
    // the readings added to ingest's point: the whole point again, with what it was judged against
    expect(dailies.find((d) => d.pid === 'pa')).toMatchObject({ judged: expect.any(Object) });
    expect(dailies.some((d) => d.judgedOnly)).toBe(false);
  });

  it('stores every night it records with what it was judged against, the late ones as they were (#21)', async () => {
    const { p, dailies } = setup();
    const oracle = new WarningStates(DEFAULT_WARNING_CONFIG);
    await p.onStored(nights('alice', 'pa', 0, 50, 40));
    expect(dailies.map((d) => d.night.wakeDate)).toEqual(
      Array.from({ length: 50 }, (_, i) => dateOfDay(D0 + i)),
    );
    for (const d of dailies) {
      oracle.evaluate('pa', d.night);
      expect(d.judged).toEqual(oracle.judged('pa'));
      // the sleep carried the night's HRV: ingest's point is the night, only `judged` is added
      expect(d.judgedOnly).toBe(true);
    }
    expect(dailies.filter((d) => d.judged?.sleep).length).toBeGreaterThan(30);
    dailies.length = 0;
    await p.onStored(nights('alice', 'pa', 45, 46)); // already recorded: not judged again
    expect(dailies).toEqual([]);
  });

  it('reads the night’s HRV from InfluxDB and the changelog to its end for a person it did not write last', async () => {
    const { p, store, calls } = setup();
    const n = normal(0);
    const reading = hrvOf('alice', 0, n);
    store.push({ ...sampleOf(reading, null) });
    await p.onStored([stored('pa', sleepOf('alice', 0, n, true))]);
    expect(calls).toEqual({ catchUp: 1, stored: 1 });
    expect(p.states.snapshot('pa')).toBeDefined();
    await p.onStored(nights('alice', 'pa', 1, 3, Infinity, true));
    expect(calls).toEqual({ catchUp: 1, stored: 1 });
  });

  it('waits for the changelog outside its queue, so records applied through the queue can arrive', async () => {
    const a = setup('w1');
    await a.p.onStored(nights('alice', 'pa', 0, 3));
    const record = Buffer.from(a.log.at(-1)!.value!);
    const b = setup('w2');
    let applied = () => {};
    b.deps.catchUp = () => new Promise<void>((resolve) => (applied = resolve));
    const batch = b.p.onStored(nights('alice', 'pa', 3, 4));
    void b.p.applyRecord('pa', record, 'w1').then(() => applied());
    await batch;
    await a.p.onStored(nights('alice', 'pa', 3, 4));
    expect(b.p.states.snapshot('pa')).toEqual(a.p.states.snapshot('pa'));
  }, 2_000);

  it('applies other writers’ records: newer states, tombstones; skips its own and older ones', async () => {
    const a = setup('w1');
    await a.p.onStored(nights('alice', 'pa', 0, 20));
    const older = a.log.at(-1)!.value!;
    await a.p.onStored(nights('alice', 'pa', 20, 25));
    const newer = a.log.at(-1)!.value!;
    const b = setup('w2');
    expect(await b.p.applyRecord('pa', Buffer.from(newer), 'w1')).toBe('restored');
    expect(await b.p.applyRecord('pa', Buffer.from(older), 'w1')).toBe('stale');
    expect(await b.p.applyRecord('pa', Buffer.from(older), 'w2')).toBe('own');
    expect(await b.p.applyRecord('pa', Buffer.from('{"v":1}'), 'w1')).toBe('invalid');
    expect(b.p.states.lastDay('pa')).toBe(D0 + 24);
    expect(await b.p.applyRecord('pa', null, 'w1')).toBe('dropped');
    expect(b.p.states.has('pa')).toBe(false);
  });

  it('forgets on erasure (tombstones every pid) and on withdrawal (only states it holds)', async () => {
    const { p, log } = setup();
    await p.onStored(nights('alice', 'pa', 0, 5));
    expect(await p.forget(['pa', 'pa-old'], { always: true })).toBe(1);
    expect(log.slice(-2)).toEqual([
      { key: 'pa', value: null },
      { key: 'pa-old', value: null },
    ]);
    const before = log.length;
    expect(await p.forget(['pb'], { always: false })).toBe(0);
    expect(log).toHaveLength(before);
  });
});
