// The processor's waiting nights: the sleep topic runs ahead of the HRV topic, so a strap's night
// waits until Kafka says its HRV is stored; the cap; recovery of nights queued in a stopped process.
import type { SleepReading } from '../ingest/decode/reading.types';
import type { StoredReading } from '../ingest/ingest.pipeline';
import { dateOfDay } from '../night/night';
import { type HrvSample, sampleOf } from '../night/night.assemble';
import type { HrvProgress } from './pending.nights';
import { DEFAULT_WARNING_CONFIG } from './warning.config';
import { decodeStateRecord, WarningStates } from './warning.states';
import { D0, hrvOf, normal, sleepOf, stored } from './warnings.fixtures';
import { type ProcessorDeps, WarningsProcessor } from './warnings.processor';

/** A strap night's two readings as Kafka holds them: HRV at hrv[0] offset i, stamped `ts`; the sleep on sleep[0] at `ts + 1`. */
function strapNight(pid: string, i: number, ts: number) {
  const n = normal(i);
  return {
    hrv: {
      ...stored(pid, hrvOf('alice', i, n)),
      record: { partition: 0, offset: String(i), timestampMs: ts },
    },
    sleep: {
      ...stored(pid, sleepOf('alice', i, n, true)),
      record: { partition: 0, offset: String(i), timestampMs: ts + 1 },
    },
  };
}

type Influx = { hrv: HrvSample[]; sleeps: SleepReading[] };

function setup(writer = 'w1', influx: Influx = { hrv: [], sleeps: [] }) {
  const log: { key: string; value: string | null }[] = [];
  let clock = 0;
  /** The HRV topic: offset = index; `committed` = what ingest has committed. */
  const topic = { stamps: [] as number[], committed: -1 };
  let failProgress = false;
  const deps: ProcessorDeps = {
    allows: () => true,
    storedHrv: async (_pid, from) => influx.hrv.filter((s) => s.atMs >= from),
    storedSleeps: async (_pid, _subject, from) => influx.sleeps.filter((s) => s.endAtMs >= from),
    hrvProgress: async (barriers): Promise<HrvProgress> => {
      if (failProgress) throw new Error('broker down');
      const first = (t: number) => {
        const i = topic.stamps.findIndex((s) => s >= t);
        return i < 0 ? topic.stamps.length : i;
      };
      return {
        committed: new Map([[0, topic.committed]]),
        low: new Map([[0, 0]]),
        firstAtOrAfter: new Map(barriers.map((b) => [b.timestampMs, new Map([[0, first(b.timestampMs)]])])),
      };
    },
    catchUp: async () => {},
    writeChangelog: async (records) => void log.push(...records),
    emit: async () => {},
    storeNights: async () => {},
  };
  const p = new WarningsProcessor(new WarningStates(DEFAULT_WARNING_CONFIG), deps, writer, {
    graceMs: 1_000,
    now: () => clock,
  });
  /** What ingest stores: HRV and sleeps into InfluxDB, the HRV offsets committed. */
  const store = (batch: StoredReading[]) => {
    for (const r of batch)
      if (r.reading.kind === 'hrv') {
        influx.hrv.push(sampleOf(r.reading, r.fromRr));
        topic.committed = topic.stamps.indexOf(r.record!.timestampMs) + 1;
      } else influx.sleeps.push(r.reading);
  };
  /** Ingest in this process: stored, then the warnings see the batch. */
  const ingest = (batch: StoredReading[]) => {
    store(batch);
    return p.onStored(batch);
  };
  const lastNight = () => decodeStateRecord(Buffer.from(log.at(-1)!.value!))!.lastNight;
  return {
    p,
    deps,
    topic,
    influx,
    ingest,
    elsewhere: store,
    log,
    lastNight,
    tick: (ms: number) => (clock += ms),
    failNext: (f: boolean) => (failProgress = f),
  };
}

describe('WarningsProcessor: nights wait for their HRV', () => {
  it('the sleep topic consumed far ahead: every night waits, then is evaluated with its HRV, none late', async () => {
    const { p, topic, ingest, log, lastNight } = setup();
    const list = Array.from({ length: 20 }, (_, i) => strapNight('pa', i, 10 * i));
    topic.stamps = list.map((x) => x.hrv.record.timestampMs);
    // two sleep batches: a batch's nights wait for the HRV produced before its latest record
    const sum = await ingest(list.slice(0, 12).map((x) => x.sleep));
    await ingest(list.slice(12).map((x) => x.sleep));
    expect(sum.nights).toEqual([]);
    expect(p.pending.size).toBe(20);
    // HRV in two batches; a check between them evaluates only the nights whose HRV is stored
    const first = await ingest(list.slice(0, 12).map((x) => x.hrv));
    expect(first.lateHrv).toBe(0);
    expect((await p.checkPending()).nights).toHaveLength(12);
    expect(lastNight()).toBe(dateOfDay(D0 + 11));
    await ingest(list.slice(12).map((x) => x.hrv));
    const rest = await p.checkPending();
    expect(rest.nights).toHaveLength(8);
    expect(rest.incomplete).toBe(0);
    expect(p.pending.size).toBe(0);
    expect(log.length).toBe(2);
    // RMSSD from the readings reached the baseline: HRV is tracked (measure 1), not absent
    expect(decodeStateRecord(Buffer.from(log.at(-1)!.value!))!.person.baseline.hrvMeasure).toBe(1);
  });

  it('HRV another instance consumed is read back from InfluxDB: after a gap in this one’s run, or while the other has it', async () => {
    const { p, topic, ingest, elsewhere } = setup();
    const list = Array.from({ length: 6 }, (_, i) => strapNight('pa', i, 10 * i));
    topic.stamps = list.map((x) => x.hrv.record.timestampMs);
    const hrv = (from: number, to: number) => list.slice(from, to).map((x) => x.hrv);
    const sleep = (from: number, to: number) => list.slice(from, to).map((x) => x.sleep);
    await ingest(hrv(0, 2));
    await ingest(sleep(0, 2));
    await p.checkPending();
    elsewhere(hrv(2, 3)); // the partition was with another instance for one batch…
    await ingest(hrv(3, 4)); // …and came back: a gap in this process's run
    await ingest(sleep(2, 4));
    expect((await p.checkPending()).nights).toHaveLength(2);
    elsewhere(hrv(4, 6)); // the other instance has it now
    await ingest(sleep(4, 6));
    expect((await p.checkPending()).nights).toHaveLength(2);
    const ref = setup('ref');
    ref.topic.stamps = topic.stamps;
    await ref.ingest(list.flatMap((x) => [x.hrv, x.sleep]));
    await ref.p.checkPending();
    expect(p.states.lastDay('pa')).toBe(D0 + 5);
    expect(p.states.snapshot('pa')).toEqual(ref.p.states.snapshot('pa'));
  });

  it('HRV all on another instance: InfluxDB is read once per person and check, not once per night', async () => {
    const { p, topic, ingest, elsewhere, deps } = setup();
    const list = Array.from({ length: 10 }, (_, i) => strapNight('pa', i, 10 * i));
    topic.stamps = list.map((x) => x.hrv.record.timestampMs);
    elsewhere(list.map((x) => x.hrv));
    await ingest(list.map((x) => x.sleep));
    const read = deps.storedHrv;
    let reads = 0;
    deps.storedHrv = (pid, from) => {
      reads++;
      return read(pid, from);
    };
    expect((await p.checkPending()).nights).toHaveLength(10);
    expect(reads).toBe(1);
    const ref = setup('ref');
    ref.topic.stamps = topic.stamps;
    await ref.ingest(list.flatMap((x) => [x.hrv, x.sleep]));
    await ref.p.checkPending();
    expect(p.states.snapshot('pa')).toEqual(ref.p.states.snapshot('pa'));
  });

  it('a night whose HRV never comes is evaluated at the cap, counted incomplete, and its late HRV counted', async () => {
    const { p, topic, ingest, tick } = setup();
    const x = strapNight('pa', 0, 0);
    topic.stamps = [0];
    await ingest([x.sleep]);
    tick(999);
    expect((await p.checkPending()).nights).toEqual([]);
    tick(1);
    const capped = await p.checkPending();
    expect(capped.nights).toHaveLength(1);
    expect(capped.incomplete).toBe(1);
    expect((await ingest([x.hrv])).lateHrv).toBe(1);
  });

  it('a failed check leaves the nights queued and the states untouched; the next one evaluates them', async () => {
    const { p, topic, ingest, failNext, deps } = setup();
    const list = [0, 1].map((i) => strapNight('pa', i, 10 * i));
    topic.stamps = list.map((x) => x.hrv.record.timestampMs);
    await ingest([...list.map((x) => x.hrv), ...list.map((x) => x.sleep)]);
    expect(p.pending.size).toBe(2);
    failNext(true);
    await expect(p.checkPending()).rejects.toThrow('broker down');
    failNext(false);
    const write = deps.writeChangelog;
    deps.writeChangelog = async () => {
      throw new Error('changelog down');
    };
    await expect(p.checkPending()).rejects.toThrow('changelog down');
    expect(p.pending.size).toBe(2);
    expect(p.states.has('pa')).toBe(false);
    deps.writeChangelog = write;
    expect((await p.checkPending()).nights).toHaveLength(2);
  });

  it('after a stop with nights still waiting, the next process evaluates them from InfluxDB first, in order', async () => {
    const a = setup('w1');
    const list = Array.from({ length: 10 }, (_, i) => strapNight('pa', i, 10 * i));
    a.topic.stamps = list.map((x) => x.hrv.record.timestampMs);
    await a.ingest(list.slice(0, 6).flatMap((x) => [x.hrv, x.sleep]));
    await a.p.checkPending();
    // nights 6-8: sleeps stored (offsets committed), HRV stored, never evaluated: the process stops
    await a.ingest(list.slice(6, 9).map((x) => x.sleep));
    await a.ingest(list.slice(6, 9).map((x) => x.hrv));
    expect(a.p.pending.size).toBe(3);
    expect(a.lastNight()).toBe(dateOfDay(D0 + 5));
    // reference: the same nights all evaluated by one process
    const ref = setup('ref');
    ref.topic.stamps = a.topic.stamps;
    await ref.ingest(list.flatMap((x) => [x.hrv, x.sleep]));
    await ref.p.checkPending();
    const b = setup('w2', a.influx);
    await b.p.applyRecord(a.log.at(-1)!.key, Buffer.from(a.log.at(-1)!.value!), 'w1');
    b.topic.stamps = a.topic.stamps;
    await b.ingest([list[9]!.hrv, list[9]!.sleep]);
    const sum = await b.p.checkPending();
    expect(sum.recovered).toBe(3);
    expect(sum.nights).toHaveLength(4);
    expect(b.lastNight()).toBe(dateOfDay(D0 + 9));
    expect(b.p.states.snapshot('pa')).toEqual(ref.p.states.snapshot('pa'));
  });

  it('a person with no state here: the nights another process still holds, waiting, come first', async () => {
    const a = setup('w1');
    const list = Array.from({ length: 8 }, (_, i) => strapNight('pa', i, 10 * i));
    a.topic.stamps = list.map((x) => x.hrv.record.timestampMs);
    await a.ingest(list.slice(0, 5).map((x) => x.sleep)); // queued in a, never evaluated there
    const b = setup('w2', a.influx);
    b.topic.stamps = a.topic.stamps;
    await b.ingest(list.map((x) => x.hrv));
    await b.ingest(list.slice(5).map((x) => x.sleep)); // the sleep partition moved to b
    const sum = await b.p.checkPending();
    expect(sum.recovered).toBe(5);
    const ref = setup('ref');
    ref.topic.stamps = a.topic.stamps;
    await ref.ingest(list.flatMap((x) => [x.hrv, x.sleep]));
    await ref.p.checkPending();
    expect(b.p.states.snapshot('pa')).toEqual(ref.p.states.snapshot('pa'));
  });
});
