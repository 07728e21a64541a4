// The nights as the live service assembles them: contract messages go to two simulated topics
// (hrv, sleep; same key, same partition count) in the order they were produced, and are delivered
// batch by batch in a seeded random interleaving of the topic-partitions, so that the small sleep
// topic runs far ahead of the HRV topic as it does in Kafka. Each batch goes through ingest's pure
// pipeline (processBatch), its HRV into an in-memory "InfluxDB", then to the service's
// WarningsProcessor; its offsets are committed after, and the waiting nights are checked against
// those offsets as the service checks them against Kafka's. The nights the processor evaluates are
// the benchmark's nights. In process: no Kafka, no InfluxDB.
import type { SleepReading } from '../../src/ingest/decode/reading.types';
import { processBatch } from '../../src/ingest/ingest.pipeline';
import type { RawRecord } from '../../src/kafka/kafka.types';
import type { NightInput } from '../../src/night/night';
import { type HrvSample, sampleOf } from '../../src/night/night.assemble';
import type { PersonalInputs } from '../../src/warnings/personal.inputs';
import { DEFAULT_WARNING_CONFIG } from '../../src/warnings/warning.config';
import { WarningStates } from '../../src/warnings/warning.states';
import { WarningsProcessor } from '../../src/warnings/warnings.processor';
import { prng } from '../simulator/prng';
import type { NightsBySubject, RawMessage } from './nights.from-messages';

export interface DeliveryOptions {
  seed: number;
  partitions?: number;
  /** Bytes a fetch returns per partition at most (the service's INGEST_FETCH_BYTES is 2 MiB). */
  fetchBytes?: number;
  /** Simulated wall clock per batch, against the cap. */
  msPerBatch?: number;
  graceMs?: number;
}

export interface Delivered extends NightsBySubject {
  lateHrv: number;
  /** Nights evaluated at the cap, their HRV not known stored. */
  incomplete: number;
  /** Most nights waiting at once. */
  maxPending: number;
  batches: number;
}

/** Records each night the processor evaluates (the states are the service's, the nights are kept). */
class Recording extends WarningStates {
  readonly nights = new Map<string, NightInput[]>();
  override evaluate(pid: string, night: NightInput, personal?: PersonalInputs) {
    const v = super.evaluate(pid, night, personal);
    if (v.status === 'evaluated' || v.status === 'held') {
      const list = this.nights.get(pid) ?? [];
      list.push(night);
      this.nights.set(pid, list);
    }
    return v;
  }
}

export async function nightsThroughProcessor(
  messages: Iterable<RawMessage>,
  nowMs: number,
  o: DeliveryOptions,
): Promise<Delivered> {
  const partitions = o.partitions ?? 3;
  const logs = new Map<string, RawRecord[]>();
  let clock = 0;
  for (const m of messages) {
    const partition = hash(m.key) % partitions;
    const lane = `${m.topic}:${partition}`;
    const log = logs.get(lane) ?? [];
    logs.set(lane, log);
    const value = Buffer.from(m.value, 'utf8');
    // produced one after another: the log's timestamps follow production order
    log.push({
      topic: m.topic,
      partition,
      offset: String(log.length),
      key: Buffer.from(m.key),
      value,
      timestampMs: ++clock,
    });
  }
  const committed = new Map<string, number>();
  const hrv = new Map<string, HrvSample[]>();
  const sleeps = new Map<string, SleepReading[]>();
  const states = new Recording(DEFAULT_WARNING_CONFIG);
  let wall = 0;
  const p = new WarningsProcessor(
    states,
    {
      allows: () => true,
      storedHrv: async (pid, from) => (hrv.get(pid) ?? []).filter((s) => s.atMs >= from),
      storedSleeps: async (pid, _subject, from) => (sleeps.get(pid) ?? []).filter((s) => s.endAtMs >= from),
      hrvProgress: async (barriers) => {
        const hrvLog = (part: number) => logs.get(`hrv:${part}`) ?? [];
        const first = (t: number, part: number) => {
          const log = hrvLog(part);
          let lo = 0;
          let hi = log.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (log[mid]!.timestampMs >= t) hi = mid;
            else lo = mid + 1;
          }
          return lo;
        };
        const parts = Array.from({ length: partitions }, (_, i) => i);
        return {
          committed: new Map(parts.map((i) => [i, committed.get(`hrv:${i}`) ?? -1])),
          low: new Map(parts.map((i) => [i, 0])),
          firstAtOrAfter: new Map(
            barriers.map((b) => [b.timestampMs, new Map(parts.map((i) => [i, first(b.timestampMs, i)]))]),
          ),
        };
      },
      catchUp: async () => {},
      writeChangelog: async () => {},
      emit: async () => {},
      storeNights: async () => {},
    },
    'evaluation',
    { graceMs: o.graceMs ?? 900_000, now: () => wall },
  );
  const rand = prng(o.seed);
  const fetchBytes = o.fetchBytes ?? 65_536;
  const out: Delivered = {
    nights: new Map(),
    rejected: {},
    lateHrv: 0,
    incomplete: 0,
    maxPending: 0,
    batches: 0,
  };
  const count = (s: { lateHrv: number; incomplete: number }) => {
    out.lateHrv += s.lateHrv;
    out.incomplete += s.incomplete;
  };
  for (;;) {
    const open = [...logs.keys()].filter((k) => (committed.get(k) ?? 0) < logs.get(k)!.length);
    if (open.length === 0) break;
    // any partition with records may be fetched next, as kafkajs's fetches interleave them
    const lane = open[Math.floor(rand() * open.length)]!;
    const log = logs.get(lane)!;
    const from = committed.get(lane) ?? 0;
    let to = from;
    for (
      let bytes = 0;
      to < log.length && (to === from || bytes + log[to]!.value!.length <= fetchBytes);
      to++
    )
      bytes += log[to]!.value!.length;
    const batch = processBatch(log.slice(from, to), {
      kindOf: (topic) => (topic === 'hrv' || topic === 'sleep' ? topic : undefined),
      consents: () => true,
      pid: (subjectId) => subjectId,
      nowMs,
      maxBytes: 1 << 20,
      maxFutureMs: 86_400_000,
    });
    for (const d of batch.deadLetters) out.rejected[d.error.code] = (out.rejected[d.error.code] ?? 0) + 1;
    for (const { pid, reading, fromRr } of batch.accepted)
      if (reading.kind === 'hrv') push(hrv, pid, sampleOf(reading, fromRr));
      else push(sleeps, pid, reading);
    count(await p.onStored(batch.accepted));
    committed.set(lane, to);
    wall += o.msPerBatch ?? 20;
    out.batches++;
    out.maxPending = Math.max(out.maxPending, p.pending.size);
    count(await p.checkPending());
  }
  wall += o.graceMs ?? 900_000; // nothing more will come: what still waits goes at the cap
  count(await p.checkPending());
  out.nights = states.nights;
  return out;
}

/** FNV-1a: one partition per key, the same on both topics (Kafka's murmur2 would do as well). */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}
