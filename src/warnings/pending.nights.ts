// Nights waiting for their HRV. hrv.v1 and sleep.v1 are separate topics, consumed independently: the
// small sleep topic runs ahead of the large HRV topic, so a main sleep often arrives before the HRV
// readings a watch synced just before it are stored. Its night waits until Kafka says every HRV record
// produced before the sleep record is stored (whichever instance consumed it), or until a wall-clock
// cap, so that no night waits for ever. A person's nights stay in the order the sleep partition
// delivered them: a later night waits behind an earlier one. Pure: Kafka's answer is passed in.
import type { SleepReading } from '../ingest/decode/reading.types';

/** The HRV that must be stored first: records of hrv partition `partition` produced before `timestampMs`. */
export interface Barrier {
  partition: number;
  timestampMs: number;
}

/** What Kafka says of the HRV topic (one snapshot for many barriers). */
export interface HrvProgress {
  /** Per partition, the ingest group's committed offset (the next to consume); absent or -1: none. */
  committed: ReadonlyMap<number, number>;
  /** Per partition, the first offset still in the log. */
  low: ReadonlyMap<number, number>;
  /** Per barrier timestamp, per partition: the first offset with a timestamp ≥ it (the high watermark when none). */
  firstAtOrAfter: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/**
 * Is everything before the barrier stored? Ingest commits an HRV batch only after InfluxDB took it
 * and the warnings saw it, so the records before the committed offset are stored; those before the
 * first one stamped at or after the sleep record are the ones produced before it.
 */
export function isStored(b: Barrier, p: HrvProgress): boolean {
  const first = p.firstAtOrAfter.get(b.timestampMs)?.get(b.partition);
  if (first === undefined) return false;
  const done = Math.max(p.committed.get(b.partition) ?? -1, p.low.get(b.partition) ?? 0);
  return first <= done;
}

export interface PendingNight {
  pid: string;
  sleep: SleepReading;
  /** None: nothing to wait for (the sleep carries every HRV value, or it came without a Kafka position). */
  barrier?: Barrier;
  /** Wall-clock time it was queued, for the cap. */
  sinceMs: number;
  /** Known stored (sticky: the log before a barrier never changes). */
  complete: boolean;
  /** Once complete: the HRV partition's offset before which its HRV lies. */
  hrvBefore?: number;
}

export interface ReadyNight {
  night: PendingNight;
  /** Evaluated because it waited `graceMs`, without its HRV being known stored. */
  capped: boolean;
}

export class PendingNights {
  private readonly byPid = new Map<string, PendingNight[]>();
  private count = 0;

  add(n: PendingNight): void {
    const list = this.byPid.get(n.pid);
    if (list) list.push(n);
    else this.byPid.set(n.pid, [n]);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  pids(): string[] {
    return [...this.byPid.keys()];
  }

  /** The distinct barriers still to be checked. */
  barriers(): Barrier[] {
    const out = new Map<string, Barrier>();
    for (const list of this.byPid.values())
      for (const n of list)
        if (!n.complete && n.barrier) out.set(`${n.barrier.partition}@${n.barrier.timestampMs}`, n.barrier);
    return [...out.values()];
  }

  /** Marks the nights whose barrier Kafka says is stored. */
  mark(progress: HrvProgress): void {
    for (const list of this.byPid.values())
      for (const n of list)
        if (!n.complete && n.barrier && isStored(n.barrier, progress)) {
          n.complete = true;
          n.hrvBefore = progress.firstAtOrAfter.get(n.barrier.timestampMs)?.get(n.barrier.partition);
        }
  }

  /**
   * Takes, per person, the leading nights that are complete or have waited `graceMs`, in order; a
   * night behind one still waiting stays. At most `max` (the rest stay at the head of their queue).
   */
  take(nowMs: number, graceMs: number, max = Infinity): ReadyNight[] {
    const out: ReadyNight[] = [];
    for (const [pid, list] of this.byPid) {
      if (out.length >= max) break;
      let i = 0;
      for (; i < list.length && out.length < max; i++) {
        const n = list[i]!;
        const capped = !n.complete && nowMs - n.sinceMs >= graceMs;
        if (!n.complete && !capped) break;
        out.push({ night: n, capped });
      }
      if (i === 0) continue;
      this.count -= i;
      if (i === list.length) this.byPid.delete(pid);
      else list.splice(0, i);
    }
    return out;
  }

  /** A failed evaluation: the nights go back to the front of their person's queue, in order. */
  putBack(nights: readonly PendingNight[]): void {
    const byPid = new Map<string, PendingNight[]>();
    for (const n of nights) byPid.set(n.pid, [...(byPid.get(n.pid) ?? []), n]);
    for (const [pid, list] of byPid) {
      this.byPid.set(pid, [...list, ...(this.byPid.get(pid) ?? [])]);
      this.count += list.length;
    }
  }

  /** Removes these nights (a failed batch that queued them is retried and queues them again). */
  remove(nights: readonly PendingNight[]): void {
    const gone = new Set(nights);
    for (const [pid, list] of this.byPid) {
      const kept = list.filter((n) => !gone.has(n));
      this.count -= list.length - kept.length;
      if (kept.length) this.byPid.set(pid, kept);
      else this.byPid.delete(pid);
    }
  }

  /** Erasure or withdrawal. */
  drop(pid: string): void {
    this.count -= this.byPid.get(pid)?.length ?? 0;
    this.byPid.delete(pid);
  }
}
