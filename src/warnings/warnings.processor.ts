// What happens to a batch of readings InfluxDB has just acknowledged, before its offsets are
// committed: each main sleep queues its night (PendingNights) until the HRV produced before it is
// stored; nights known complete are evaluated in the order the partition delivered them; nudge
// requests go out; the new states go to the changelog. If any of that fails, the states are put back
// and the error goes to the caller, which retries. No Nest, Kafka or Influx here: the service passes
// them in as ProcessorDeps.
import type { JudgedNight } from '../baseline/judged.night';
import type { SleepReading } from '../ingest/decode/reading.types';
import type { StoredReading } from '../ingest/ingest.pipeline';
import { DAY_MS, dayNumber, type NightInput, wakeDayOf } from '../night/night';
import { assembleNight, type HrvSample, sampleOf } from '../night/night.assemble';
import { type BatchSummary, emptySummary, merge } from './batch.summary';
import { NightSampling, needsSamples } from './night.sampling';
import type { NudgeRequest } from './nudge-request';
import { type Barrier, type HrvProgress, type PendingNight, PendingNights } from './pending.nights';
import type { CalibrationNote } from './personal.calibration';
import { NO_PERSONAL_INPUTS, type PersonalInputs } from './personal.inputs';
import { decodeStateRecord, encodeStateRecord, type WarningStates } from './warning.states';

/** A night's `daily` point as the warnings write it again. */
export interface NightToStore {
  pid: string;
  night: NightInput;
  judged?: JudgedNight;
  /**
   * The night's values are those ingest stored from its sleep (no reading during it added one), and
   * ingest's write was acknowledged before the warnings saw the sleep: only `judged` is written.
   */
  judgedOnly?: boolean;
}

export interface ProcessorDeps {
  /** Is the person's `early-warning` consent active now? */
  allows(subjectId: string): boolean;
  /** The HRV samples InfluxDB holds for pid taken from `fromMs` on. */
  storedHrv(pid: string, fromMs: number): Promise<HrvSample[]>;
  /** The main sleeps InfluxDB holds for pid that ended from `fromMs` on, oldest first (recovery). */
  storedSleeps(pid: string, subjectId: string, fromMs: number): Promise<SleepReading[]>;
  /** What Kafka says of the HRV topic for these barriers. */
  hrvProgress(barriers: readonly Barrier[]): Promise<HrvProgress>;
  /** Read barrier: every state record written so far, by any instance, has been applied. */
  catchUp(): Promise<void>;
  /** Writes state records (null: tombstone) marked as this process's. */
  writeChangelog(records: { key: string; value: string | null }[]): Promise<void>;
  emit(req: NudgeRequest): Promise<void>;
  /**
   * Stores nights as evaluated (the `daily` point, now with the HRV of the readings during the
   * sleep, and with what the night was judged against where the warnings recorded it; that alone
   * where the night is as ingest stored it).
   */
  storeNights(nights: NightToStore[]): Promise<void>;
  /** What the person told Respite before `untilMs` (the night's end), as their consent allows; absent: nothing. */
  personal?(pid: string, subjectId: string, untilMs: number): Promise<PersonalInputs>;
}

export interface ProcessorOptions {
  /** A night waits for its HRV at most this long (wall clock), then is evaluated with what is stored. */
  graceMs: number;
  now: () => number;
  /** NIGHT_CACHE_MAX_BYTES: the samples held for coming nights, all people together. */
  nightCacheBytes?: number;
}

interface Work {
  sum: BatchSummary;
  /** State snapshots from before the batch, to put back if it fails. */
  undo: Map<string, Buffer | undefined>;
  /** Whose state changed: their records go to the changelog. */
  touched: Set<string>;
  /** Whose state was dropped: tombstones. */
  gone: Set<string>;
  requests: NudgeRequest[];
  /** Nights recorded, or whose HRV came from separate readings: their `daily` point is written again. */
  nights: NightToStore[];
  /** Queued by this batch / taken from the queue: undone on failure. */
  queued: PendingNight[];
  taken: PendingNight[];
}

export class WarningsProcessor {
  readonly states: WarningStates;
  readonly pending = new PendingNights();
  /** The HRV this process stored itself, per person: spares reading each night back from InfluxDB. */
  private readonly samples: NightSampling;
  /** The last step took as many nights as one step may: more may be ready. */
  private full = false;
  /** pids whose latest state record this process wrote: its memory of them is current. */
  private readonly owned = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();
  private readonly opts: ProcessorOptions;

  constructor(
    states: WarningStates,
    private readonly deps: ProcessorDeps,
    /** Identifies this process's records in the changelog. */
    readonly writer: string,
    opts: Partial<ProcessorOptions> = {},
  ) {
    this.states = states;
    this.opts = { graceMs: 600_000, now: Date.now, ...opts };
    this.samples = new NightSampling((pid, fromMs) => this.deps.storedHrv(pid, fromMs), opts.nightCacheBytes);
  }

  /** Batches of different partitions arrive concurrently; one at a time keeps undo simple. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** A stored batch: its main sleeps queue their nights; the nights already complete are evaluated. */
  async onStored(batch: readonly StoredReading[]): Promise<BatchSummary> {
    // Outside the queue: the records this waits for are applied through the queue.
    const mayEvaluate = (r: StoredReading) =>
      isNight(r) && !this.owned.has(r.pid) && this.deps.allows(r.reading.subjectId);
    if (batch.some(mayEvaluate) || this.waitsForUnowned()) await this.deps.catchUp();
    return this.serial(() => this.run((w) => this.queue(w, batch)));
  }

  /** Asks Kafka whether the queued nights' HRV is stored, and evaluates those that are (or waited too long). */
  async checkPending(): Promise<BatchSummary> {
    const barriers = this.pending.barriers();
    if (barriers.length) this.pending.mark(await this.deps.hrvProgress(barriers));
    if (this.waitsForUnowned()) await this.deps.catchUp();
    // in steps, so that the batches of ingest waiting for the queue get their turn in between
    const sums: BatchSummary[] = [];
    do sums.push(await this.serial(() => this.run(async () => undefined)));
    while (this.full);
    return merge(sums);
  }

  /** Does a queued night belong to someone this process did not write last? */
  private waitsForUnowned(): boolean {
    return this.pending.pids().some((pid) => !this.owned.has(pid));
  }

  private async run(step: (w: Work) => Promise<void>): Promise<BatchSummary> {
    const w: Work = {
      sum: emptySummary(),
      undo: new Map(),
      touched: new Set(),
      gone: new Set(),
      requests: [],
      nights: [],
      queued: [],
      taken: [],
    };
    try {
      await step(w);
      await this.evaluateReady(w);
      // Stored before anything else goes out: a failure retries the batch, and these writes repeat.
      if (w.nights.length) await this.deps.storeNights(w.nights);
      // Requests first: a crash before the changelog write re-evaluates the same nights and asks
      // again (at least once, same subjectId + asOf); the other order could lose a warning.
      for (const r of w.requests) await this.deps.emit(r);
      const records = [
        ...[...w.touched].map((pid) => ({ key: pid, value: this.recordOf(pid) })),
        ...[...w.gone].map((pid) => ({ key: pid, value: null })),
      ];
      if (records.length) await this.deps.writeChangelog(records);
    } catch (err) {
      for (const [pid, snapshot] of w.undo) this.states.reset(pid, snapshot);
      this.pending.putBack(w.taken);
      this.pending.remove(w.queued);
      throw err;
    }
    for (const pid of w.touched) {
      this.owned.add(pid);
      this.samples.settle(pid, this.states.lastDay(pid));
    }
    return w.sum;
  }

  private async queue(w: Work, batch: readonly StoredReading[]): Promise<void> {
    // One barrier per sleep partition and batch (its latest record): fewer questions to Kafka.
    const stamp = new Map<number, number>();
    for (const r of batch)
      if (r.record && isNight(r))
        stamp.set(r.record.partition, Math.max(stamp.get(r.record.partition) ?? 0, r.record.timestampMs));
    const now = this.opts.now();
    for (const { pid, reading, fromRr, record } of batch) {
      if (!this.deps.allows(reading.subjectId) && this.states.has(pid)) {
        this.keep(w, pid);
        w.gone.add(pid);
        this.states.drop(pid);
        this.owned.delete(pid);
      }
      if (reading.kind === 'hrv') {
        const at = record && { partition: record.partition, offset: Number(record.offset) };
        if (!this.samples.consumed(pid, sampleOf(reading, fromRr), this.states.lastDay(pid), at))
          w.sum.lateHrv++;
      } else if (reading.isMainSleep) {
        const barrier =
          record && needsSamples(reading)
            ? { partition: record.partition, timestampMs: stamp.get(record.partition)! }
            : undefined;
        const n: PendingNight = { pid, sleep: reading, barrier, sinceMs: now, complete: !barrier };
        this.pending.add(n);
        w.queued.push(n);
      }
    }
  }

  /** Evaluates the nights ready to go, each person's in order, with their HRV as InfluxDB holds it. */
  private async evaluateReady(w: Work): Promise<void> {
    const ready = this.pending.take(this.opts.now(), this.opts.graceMs, STEP);
    this.full = ready.length === STEP;
    w.taken.push(...ready.map((r) => r.night));
    // InfluxDB is read (where it must be) once per person, for their first night, several at once:
    // it then holds what Kafka said was stored for every one of their nights taken here
    const first = new Map<string, PendingNight>();
    for (const { night } of ready) if (!first.has(night.pid)) first.set(night.pid, night);
    const read = new Set<string>();
    const missed = new Map<string, Missed>();
    await inParallel([...first.values()], 8, async (n) => {
      missed.set(n.pid, await this.missed(n.pid, n.sleep));
      if (await this.samples.ensure(n)) read.add(n.pid);
    });
    for (const { night, capped } of ready) {
      const { pid, sleep } = night;
      if (first.get(pid) === night) await this.recover(w, pid, missed.get(pid)!);
      // (unless the read hit the assembler's bound: then from this night on)
      if (!(read.has(pid) && this.samples.holdsAll(pid, sleep.endAtMs))) await this.samples.ensure(night);
      await this.night(w, pid, sleep, this.samples.during(pid, sleep));
      if (capped) w.sum.incomplete++;
    }
  }

  /**
   * Nights queued in a process that stopped before evaluating them (their sleep offsets committed)
   * are in InfluxDB only: before a person's next night, the main sleeps stored after their state's
   * last night (all of them without a state) are evaluated first, in order. Only for a person this
   * process did not write last. Read here (several people at once), evaluated by `recover`.
   */
  private async missed(pid: string, next: SleepReading): Promise<Missed> {
    if (this.owned.has(pid) || !this.deps.allows(next.subjectId)) return NONE_MISSED;
    // no state: none of the person's stored nights was evaluated (or another instance still holds
    // them, waiting, while this one got the sleep partition): all of them come first
    const last = this.states.has(pid) ? this.states.lastDay(pid) : Number.NEGATIVE_INFINITY;
    if (wakeDayOf(next) - last <= 1) return NONE_MISSED;
    const from = Number.isFinite(last) ? (last + 1) * DAY_MS - DAY_MS / 2 : 0;
    const sleeps = (await this.deps.storedSleeps(pid, next.subjectId, from)).filter(
      (s) => wakeDayOf(s) > last && wakeDayOf(s) < wakeDayOf(next),
    );
    if (!sleeps.some(needsSamples)) return { sleeps, hrv: [] };
    return { sleeps, hrv: await this.deps.storedHrv(pid, sleeps[0]!.startAtMs) };
  }

  private async recover(w: Work, pid: string, { sleeps, hrv }: Missed): Promise<void> {
    for (const s of sleeps) {
      if (wakeDayOf(s) <= this.states.lastDay(pid)) continue;
      const samples = needsSamples(s) ? hrv.filter((x) => x.atMs >= s.startAtMs && x.atMs <= s.endAtMs) : [];
      await this.night(w, pid, s, samples);
      w.sum.recovered++;
    }
  }

  /**
   * A complete night: store it with the HRV taken during it and, with early-warning consent,
   * evaluate it with the person's state.
   */
  private async night(w: Work, pid: string, sleep: SleepReading, samples: HrvSample[]): Promise<void> {
    const night = assembleNight(sleep, samples);
    if (!night) return;
    // ingest stored the night from the sleep alone; readings during it can add HRV and resting HR
    const adds = samples.length > 0 && addsToSleep(night, sleep);
    if (!this.deps.allows(sleep.subjectId)) {
      if (adds) w.nights.push({ pid, night });
      this.samples.settle(pid, dayNumber(night.wakeDate));
      w.sum.skippedNoConsent++;
      return;
    }
    this.keep(w, pid);
    const before = this.states.level(pid);
    const personal = (await this.deps.personal?.(pid, sleep.subjectId, sleep.endAtMs)) ?? NO_PERSONAL_INPUTS;
    const v = this.states.evaluate(pid, night, personal);
    w.sum.nights.push({ status: v.status, reason: v.reason ?? 'none' });
    if (v.status === 'evaluated' || v.status === 'held') {
      w.touched.add(pid);
      w.gone.delete(pid);
      // stored with what it was judged against: the person's nights view shows that band (#21);
      // the rest of the point only where the readings during the night added to ingest's
      const judged = this.states.judged(pid);
      if (adds) w.nights.push({ pid, night, judged });
      else if (judged) w.nights.push({ pid, night, judged, judgedOnly: true });
    } else if (adds) w.nights.push({ pid, night });
    if (v.level === 'none') return;
    if (rank(v.level) > rank(before)) w.sum.raised.push(v.level);
    if (!v.nudge) return;
    w.sum.nudges.push(v.level);
    w.requests.push({
      subjectId: sleep.subjectId,
      pid,
      asOf: v.asOf,
      level: v.level,
      signals: v.signals,
      timeZoneHint: sleep.utcOffsetMinutes,
      ...personalContext(v.personal),
    });
  }

  /** Remembers pid's state as it was before this batch, once. */
  private keep(w: Work, pid: string): void {
    if (!w.undo.has(pid)) w.undo.set(pid, this.states.snapshot(pid));
  }

  /** Erasure or withdrawal: the states are gone here and, by tombstone, from the changelog. */
  forget(pids: readonly string[], opts: { always: boolean }): Promise<number> {
    return this.serial(async () => {
      const held = pids.filter((pid) => this.states.has(pid));
      for (const pid of pids) this.dropHere(pid);
      const tombstones = opts.always ? pids : held;
      if (tombstones.length) await this.deps.writeChangelog(tombstones.map((key) => ({ key, value: null })));
      return held.length;
    });
  }

  /**
   * A changelog record read back. Own records are skipped (this process is already past them);
   * another's tombstone drops the state; another's state replaces ours only if it is further on.
   */
  async applyRecord(pid: string, value: Buffer | null, writer: string | undefined): Promise<ApplyOutcome> {
    if (writer === this.writer) return 'own';
    return this.serial(async () => {
      this.owned.delete(pid);
      this.samples.drop(pid); // the writer consumed readings this process has not seen
      if (value === null) {
        this.dropHere(pid);
        return 'dropped';
      }
      const r = decodeStateRecord(value);
      if (!r) return 'invalid';
      if (r.person.baseline.lastDay <= this.states.lastDay(pid)) return 'stale';
      this.states.set(pid, r.person);
      return 'restored';
    });
  }

  private dropHere(pid: string): void {
    this.states.drop(pid);
    this.pending.drop(pid);
    this.samples.drop(pid);
    this.owned.delete(pid);
  }

  private recordOf(pid: string): string {
    const r = this.states.record(pid);
    if (!r) throw new Error('no state to record');
    return encodeStateRecord(r);
  }
}

/** Did the samples give the night a value its sleep session did not carry? */
const addsToSleep = (n: NightInput, sleep: SleepReading) =>
  (n.lnRmssd !== undefined && sleep.avgRmssdMs === undefined) ||
  (n.lnSdnn !== undefined && sleep.avgSdnnMs === undefined) ||
  (n.rhrBpm !== undefined && sleep.restingHrBpm === undefined);

/** What the nudge may say of the person's own answers: only what changed this night's decision. */
function personalContext(p: CalibrationNote | undefined): Pick<NudgeRequest, 'personal'> {
  const raised = (p?.thresholdShift ?? 0) > 0;
  const checkInsAgree = (p?.checkInWeight ?? 0) > 0 && (p?.checkIn ?? 0) >= CHECK_IN_AGREES_SD;
  return raised || checkInsAgree ? { personal: { raised, checkInsAgree } } : {};
}

/** A stress answer this many of the person's own SDs above their mean counts as pointing the same way. */
const CHECK_IN_AGREES_SD = 0.5;

/** A person's stored nights never evaluated, with the HRV stored from the first one on. */
interface Missed {
  sleeps: SleepReading[];
  hrv: HrvSample[];
}
const NONE_MISSED: Missed = { sleeps: [], hrv: [] };

/** Nights evaluated in one step at most (one step holds the queue that ingest's batches wait for). */
const STEP = 2_000;

/** fn over items, at most `limit` at a time, results in order. */
async function inParallel<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

const rank = (level: 'none' | 'watch' | 'warning') => ['none', 'watch', 'warning'].indexOf(level);
const isNight = (r: StoredReading) => r.reading.kind === 'sleep' && r.reading.isMainSleep;

export type ApplyOutcome = 'own' | 'dropped' | 'invalid' | 'stale' | 'restored';
