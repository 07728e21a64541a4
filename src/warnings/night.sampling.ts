// Whose HRV samples a night is assembled from: the ones this process stored itself (NightAssembler)
// when it consumed the night's HRV partition without a gap up to the night's barrier, otherwise the
// ones InfluxDB holds, read back once per person. Kept apart from the processor, which decides when
// a night is evaluated; this decides only from what.
import type { SleepReading } from '../ingest/decode/reading.types';
import type { HrvSample } from '../night/night.assemble';
import { NightAssembler } from '../night/night.samples';
import type { PendingNight } from './pending.nights';

/** The HRV samples InfluxDB holds for pid taken from `fromMs` on. */
export type StoredHrv = (pid: string, fromMs: number) => Promise<HrvSample[]>;

export class NightSampling {
  private readonly assembler: NightAssembler;
  /** Per HRV partition, the unbroken stretch of offsets this process consumed (a gap starts a new run). */
  private readonly runs = new Map<number, { id: number; next: number }>();
  private nextRun = 1;

  constructor(
    private readonly stored: StoredHrv,
    /** NIGHT_CACHE_MAX_BYTES: the samples held for coming nights, all people together. */
    cacheBytes?: number,
  ) {
    this.assembler = new NightAssembler(undefined, cacheBytes);
  }

  /**
   * A stored HRV sample this process consumed (at `offset` of `partition` when it came from Kafka);
   * false when it is late, its night already evaluated (after `lastDay`).
   */
  consumed(
    pid: string,
    sample: HrvSample,
    lastDay: number,
    at?: { partition: number; offset: number },
  ): boolean {
    if (at) this.follow(at.partition, at.offset);
    return this.assembler.add(pid, sample, lastDay);
  }

  /**
   * Makes sure a night's HRV samples are held: they are when this process consumed all of the
   * night's HRV partition up to the night's barrier itself, since it last read the person's samples
   * from InfluxDB; otherwise (another instance, a restart, a capped night) they are read back from
   * InfluxDB. True when it read.
   */
  async ensure(n: PendingNight): Promise<boolean> {
    const { pid, sleep, barrier } = n;
    if (!needsSamples(sleep)) return false;
    // without a Kafka position (in-process callers) every reading comes through here: one run
    const run = barrier ? this.runs.get(barrier.partition) : { id: 0, next: Infinity };
    const local =
      run &&
      n.complete &&
      run.next >= (n.hrvBefore ?? 0) &&
      this.assembler.isComplete(pid, run.id, sleep.endAtMs);
    if (local) return false;
    this.assembler.fill(pid, await this.stored(pid, sleep.startAtMs), run?.id ?? -1, sleep.startAtMs);
    return true;
  }

  /** Does it hold every sample of pid up to `untilMs` (a read may have hit the bound)? */
  holdsAll(pid: string, untilMs: number): boolean {
    return this.assembler.holdsAll(pid, untilMs);
  }

  /** The samples taken during the sleep, for its night; none when the sleep carries every value. */
  during(pid: string, sleep: SleepReading): HrvSample[] {
    return needsSamples(sleep) ? this.assembler.during(pid, sleep) : [];
  }

  /** Nights up to `lastDay` are evaluated: their samples can go. */
  settle(pid: string, lastDay: number): void {
    this.assembler.settle(pid, lastDay);
  }

  /** Forgets pid (erasure, or another writer consumed readings this process has not seen). */
  drop(pid: string): void {
    this.assembler.drop(pid);
  }

  /** An HRV record this process consumed: the run of its partition goes on, or a new one starts. */
  private follow(partition: number, offset: number): void {
    const run = this.runs.get(partition);
    if (run && offset <= run.next) run.next = Math.max(run.next, offset + 1);
    else this.runs.set(partition, { id: this.nextRun++, next: offset + 1 });
  }
}

/** Can HRV readings change the night? Not when its sleep session carries every value they could give. */
export const needsSamples = (s: SleepReading) =>
  s.avgRmssdMs === undefined || s.avgSdnnMs === undefined || s.restingHrBpm === undefined;
