// The HRV readings of each person's coming nights, held until their main sleep session completes
// the night. RR-interval straps and SDNN-only watches send HRV only as separate readings, so without
// this their nights would have no HRV. It is a cache of what InfluxDB already holds (samples are
// added once their points are acknowledged): bounded and lost on restart, so for a person it may not
// hold everything of, the night's readings are read back from InfluxDB once. With several instances
// another one may store some of a person's readings: an entry is complete only within one `run`
// (the caller's name for an unbroken stretch of the HRV partition this process consumed itself).
// Bounded in total as well (NIGHT_CACHE_MAX_BYTES): at 100,000 people the per-person bound alone
// allowed gigabytes. Over the bound, the people touched longest ago are forgotten whole, so the
// assembler knows nothing of them: their next night reads InfluxDB, as after a restart.
import type { SleepReading } from '../ingest/decode/reading.types';
import type { HrvSample } from './night.assemble';

interface Entry {
  /** Oldest first. */
  samples: HrvSample[];
  /**
   * Holds every stored sample of the person's nights still to come taken before this time (none
   * dropped, none missed): Infinity once read from InfluxDB, until the bound cuts the latest ones…
   */
  heldUntil: number;
  /** …as long as this run of the person's HRV partition goes on. */
  run?: number;
}

/**
 * Heap bytes of one cached sample (object, id string, array slot), measured with Node 20/24 for
 * 100 samples per person; a person's entry and Map slot count as one sample more.
 */
export const SAMPLE_BYTES = 208;

export class NightAssembler {
  /** Least recently touched first (a Map keeps insertion order; touching re-inserts). */
  private readonly byPid = new Map<string, Entry>();
  private readonly maxUnits: number;
  /** Samples held plus one per person: what the bound counts. */
  private units = 0;

  /**
   * @param perPerson at most this many samples per person (an RR strap sends ~100 a night).
   * @param maxBytes all people together, in SAMPLE_BYTES units (default 64 MiB, ~320,000 samples).
   */
  constructor(
    private readonly perPerson = 256,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.maxUnits = Math.max(1, Math.floor(maxBytes / SAMPLE_BYTES));
  }

  /**
   * Keeps a stored sample for a night after `lastDay` (the person's latest evaluated night); false
   * when it is late. A person first seen here is not complete: readings stored before this process
   * started are only in InfluxDB.
   */
  add(pid: string, s: HrvSample, lastDay: number): boolean {
    if (s.night <= lastDay) return false;
    const e = this.take(pid) ?? { samples: [], heldUntil: Number.NEGATIVE_INFINITY };
    this.merge(e, [s]);
    this.put(pid, e);
    return true;
  }

  /** Holds every sample taken up to `throughMs` (by default: from here on), read during `run`. */
  isComplete(pid: string, run = 0, throughMs = Number.POSITIVE_INFINITY): boolean {
    return this.holdsAll(pid, throughMs) && this.byPid.get(pid)?.run === run;
  }

  /** Holds every sample taken up to `throughMs` since its last fill, whatever the run. */
  holdsAll(pid: string, throughMs = Number.POSITIVE_INFINITY): boolean {
    const until = this.byPid.get(pid)?.heldUntil ?? Number.NEGATIVE_INFINITY;
    return until === Number.POSITIVE_INFINITY || throughMs < until;
  }

  /**
   * Everything InfluxDB holds for pid from `fromMs` on, read during `run`: complete from here on
   * while the run goes on, unless too many.
   */
  fill(pid: string, stored: readonly HrvSample[], run = 0, fromMs = Number.NEGATIVE_INFINITY): void {
    const e = this.take(pid) ?? { samples: [], heldUntil: Number.POSITIVE_INFINITY };
    e.heldUntil = Number.POSITIVE_INFINITY;
    // what is older belongs to nights already evaluated: it must not crowd out what comes
    e.samples = e.samples.filter((s) => s.atMs >= fromMs);
    e.run = run;
    this.merge(e, stored);
    this.put(pid, e);
  }

  /** The samples taken during a sleep session. */
  during(pid: string, sleep: SleepReading): HrvSample[] {
    const list = this.byPid.get(pid)?.samples ?? [];
    return list.filter((s) => s.atMs >= sleep.startAtMs && s.atMs <= sleep.endAtMs);
  }

  /** Forgets the samples of nights up to `lastDay`, once they are evaluated. */
  settle(pid: string, lastDay: number): void {
    const e = this.byPid.get(pid);
    if (!e) return;
    this.units -= e.samples.length;
    e.samples = e.samples.filter((s) => s.night > lastDay);
    this.units += e.samples.length;
  }

  /** Erasure, withdrawal, or another instance took the person over (it saw readings this one did not). */
  drop(pid: string): void {
    this.take(pid);
  }

  get people(): number {
    return this.byPid.size;
  }

  /** Samples held, all people together. */
  get samples(): number {
    return this.units - this.byPid.size;
  }

  /** Removes pid's entry (to be put back as the most recently touched). */
  private take(pid: string): Entry | undefined {
    const e = this.byPid.get(pid);
    if (!e) return undefined;
    this.byPid.delete(pid);
    this.units -= e.samples.length + 1;
    return e;
  }

  /** Puts pid's entry back as the most recent, then forgets the least recent people over the bound. */
  private put(pid: string, e: Entry): void {
    this.byPid.set(pid, e);
    this.units += e.samples.length + 1;
    if (this.units <= this.maxUnits) return;
    for (const [oldest] of this.byPid) {
      if (this.units <= this.maxUnits || oldest === pid) break;
      this.take(oldest);
    }
  }

  private merge(e: Entry, add: readonly HrvSample[]): void {
    const last = e.samples[e.samples.length - 1];
    if (add.length === 1 && (!last || add[0]!.atMs > last.atMs)) {
      // the common case, a reading later than all held (an id is source and time): no set, no sort;
      // the set and the sort per reading were a twentieth of ingest CPU (npm run bench's profile)
      e.samples.push(add[0]!);
    } else {
      const ids = new Set(e.samples.map((s) => s.id));
      for (const s of add) {
        if (ids.has(s.id)) continue;
        ids.add(s.id);
        e.samples.push(s);
      }
      e.samples.sort((a, b) => a.atMs - b.atMs);
    }
    if (e.samples.length > this.perPerson) {
      // the nearest nights stay; the dropped ones will be read back from InfluxDB
      e.heldUntil = Math.min(e.heldUntil, e.samples[this.perPerson]!.atMs);
      e.samples.length = this.perPerson;
    }
  }
}
