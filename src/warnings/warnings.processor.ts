// What happens to a batch of readings InfluxDB has just acknowledged, before its offsets are
// committed: HRV readings wait for their night; each main sleep completes a night, evaluated in the
// order the partition delivered it; nudge requests go out; the new states go to the changelog. If
// any of that fails, the states are put back and the error goes to the consumer, which retries the
// batch. No Nest, Kafka or Influx here: the service passes them in as ProcessorDeps.
import type { SleepReading } from '../ingest/decode/reading.types';
import type { StoredReading } from '../ingest/ingest.pipeline';
import { dayNumber, type NightInput } from '../night/night';
import { assembleNight, type HrvSample, sampleOf } from '../night/night.assemble';
import { NightAssembler } from '../night/night.samples';
import type { NudgeRequest } from './nudge-request';
import type { NightStatus } from './warning.engine';
import { decodeStateRecord, encodeStateRecord, type WarningStates } from './warning.states';

export interface ProcessorDeps {
  /** Is the person's `early-warning` consent active now? */
  allows(subjectId: string): boolean;
  /** The HRV samples InfluxDB holds for pid taken from `fromMs` on. */
  storedHrv(pid: string, fromMs: number): Promise<HrvSample[]>;
  /** Read barrier: every state record written so far, by any instance, has been applied. */
  catchUp(): Promise<void>;
  /** Writes state records (null: tombstone) marked as this process's. */
  writeChangelog(records: { key: string; value: string | null }[]): Promise<void>;
  emit(req: NudgeRequest): Promise<void>;
  /** Stores nights as evaluated (the `daily` point, now with the HRV of the readings during the sleep). */
  storeNights(nights: { pid: string; night: NightInput }[]): Promise<void>;
}

/** What one batch did, counted by the caller once it has succeeded (a retried batch counts once). */
export interface BatchSummary {
  nights: { status: NightStatus; reason: string }[];
  raised: ('watch' | 'warning')[];
  nudges: ('watch' | 'warning')[];
  skippedNoConsent: number;
  lateHrv: number;
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
  /** Nights whose HRV came from separate readings: their `daily` point is written again. */
  nights: { pid: string; night: NightInput }[];
}

export class WarningsProcessor {
  readonly states: WarningStates;
  private readonly assembler: NightAssembler;
  /** pids whose latest state record this process wrote: its memory of them is current. */
  private readonly owned = new Set<string>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    states: WarningStates,
    private readonly deps: ProcessorDeps,
    /** Identifies this process's records in the changelog. */
    readonly writer: string,
    /** NIGHT_CACHE_MAX_BYTES: the samples held for coming nights, all people together. */
    nightCacheBytes?: number,
  ) {
    this.states = states;
    this.assembler = new NightAssembler(undefined, nightCacheBytes);
  }

  /** Batches of different partitions arrive concurrently; one at a time keeps undo simple. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async onStored(batch: readonly StoredReading[]): Promise<BatchSummary> {
    // Outside the queue: the records this waits for are applied through the queue.
    const mayEvaluate = (r: StoredReading) =>
      isNight(r) && !this.owned.has(r.pid) && this.deps.allows(r.reading.subjectId);
    if (batch.some(mayEvaluate)) await this.deps.catchUp();
    return this.serial(() => this.process(batch));
  }

  private async process(batch: readonly StoredReading[]): Promise<BatchSummary> {
    const w: Work = {
      sum: { nights: [], raised: [], nudges: [], skippedNoConsent: 0, lateHrv: 0 },
      undo: new Map(),
      touched: new Set(),
      gone: new Set(),
      requests: [],
      nights: [],
    };
    try {
      for (const { pid, reading, fromRr } of batch) {
        const allowed = this.deps.allows(reading.subjectId);
        if (!allowed && this.states.has(pid)) {
          this.keep(w, pid);
          w.gone.add(pid);
          this.states.drop(pid);
          this.owned.delete(pid);
        }
        if (reading.kind === 'hrv') {
          if (!this.assembler.add(pid, sampleOf(reading, fromRr), this.states.lastDay(pid))) w.sum.lateHrv++;
        } else if (reading.isMainSleep) {
          await this.night(w, pid, reading, allowed);
        }
      }
      // Stored before anything else goes out: a failure retries the batch, and these writes repeat.
      if (w.nights.length) await this.deps.storeNights(w.nights);
      // Requests first: a crash before the changelog write re-evaluates the same nights and asks
      // again (at least once, same subjectId + asOf); the other order could lose a warning.
      for (const r of w.requests) await this.deps.emit(r);
      await this.deps.writeChangelog([
        ...[...w.touched].map((pid) => ({ key: pid, value: this.recordOf(pid) })),
        ...[...w.gone].map((pid) => ({ key: pid, value: null })),
      ]);
    } catch (err) {
      for (const [pid, snapshot] of w.undo) this.states.reset(pid, snapshot);
      throw err;
    }
    for (const pid of w.touched) {
      this.owned.add(pid);
      this.assembler.settle(pid, this.states.lastDay(pid));
    }
    return w.sum;
  }

  /**
   * A main sleep completes its night: store it with the HRV taken during it and, with early-warning
   * consent, evaluate it with the person's state.
   */
  private async night(w: Work, pid: string, sleep: SleepReading, allowed: boolean): Promise<void> {
    // After a restart or a takeover, readings stored earlier are in InfluxDB only.
    if (!this.assembler.isComplete(pid))
      this.assembler.fill(pid, await this.deps.storedHrv(pid, sleep.startAtMs));
    const samples = this.assembler.during(pid, sleep);
    const night = assembleNight(sleep, samples);
    if (!night) return;
    // ingest stored the night from the sleep alone; readings during it can add HRV and resting HR
    if (samples.length && addsToSleep(night, sleep)) w.nights.push({ pid, night });
    if (!allowed) {
      this.assembler.settle(pid, dayNumber(night.wakeDate));
      w.sum.skippedNoConsent++;
      return;
    }
    this.keep(w, pid);
    const before = this.states.level(pid);
    const v = this.states.evaluate(pid, night);
    w.sum.nights.push({ status: v.status, reason: v.reason ?? 'none' });
    if (v.status === 'evaluated' || v.status === 'held') {
      w.touched.add(pid);
      w.gone.delete(pid);
    }
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
      this.assembler.drop(pid); // the writer consumed readings this process has not seen
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
    this.assembler.drop(pid);
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

const rank = (level: 'none' | 'watch' | 'warning') => ['none', 'watch', 'warning'].indexOf(level);
const isNight = (r: StoredReading) => r.reading.kind === 'sleep' && r.reading.isMainSleep;

export type ApplyOutcome = 'own' | 'dropped' | 'invalid' | 'stale' | 'restored';
