// The HRV readings of each person's coming nights, held until their main sleep session completes
// the night. RR-interval straps and SDNN-only watches send HRV only as separate readings, so without
// this their nights would have no HRV. It is a cache of what InfluxDB already holds (samples are
// added once their points are acknowledged): bounded and lost on restart, so for a person it may not
// hold everything of, the night's readings are read back from InfluxDB once. With several instances
// another one may store some of a person's readings: an entry is complete only within one `run`
// (the caller's name for an unbroken stretch of the HRV partition this process consumed itself).
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

export class NightAssembler {
  private readonly byPid = new Map<string, Entry>();

  /** @param perPerson at most this many samples per person (an RR strap sends ~100 a night). */
  constructor(private readonly perPerson = 256) {}

  /**
   * Keeps a stored sample for a night after `lastDay` (the person's latest evaluated night); false
   * when it is late. A person first seen here is not complete: readings stored before this process
   * started are only in InfluxDB.
   */
  add(pid: string, s: HrvSample, lastDay: number): boolean {
    if (s.night <= lastDay) return false;
    const e = this.byPid.get(pid) ?? { samples: [], heldUntil: Number.NEGATIVE_INFINITY };
    this.byPid.set(pid, e);
    this.merge(e, [s]);
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
    const e = this.byPid.get(pid) ?? { samples: [], heldUntil: Number.POSITIVE_INFINITY };
    e.heldUntil = Number.POSITIVE_INFINITY;
    // what is older belongs to nights already evaluated: it must not crowd out what comes
    e.samples = e.samples.filter((s) => s.atMs >= fromMs);
    e.run = run;
    this.byPid.set(pid, e);
    this.merge(e, stored);
  }

  /** The samples taken during a sleep session. */
  during(pid: string, sleep: SleepReading): HrvSample[] {
    const list = this.byPid.get(pid)?.samples ?? [];
    return list.filter((s) => s.atMs >= sleep.startAtMs && s.atMs <= sleep.endAtMs);
  }

  /** Forgets the samples of nights up to `lastDay`, once they are evaluated. */
  settle(pid: string, lastDay: number): void {
    const e = this.byPid.get(pid);
    if (e) e.samples = e.samples.filter((s) => s.night > lastDay);
  }

  /** Erasure, withdrawal, or another instance took the person over (it saw readings this one did not). */
  drop(pid: string): void {
    this.byPid.delete(pid);
  }

  get people(): number {
    return this.byPid.size;
  }

  private merge(e: Entry, add: readonly HrvSample[]): void {
    const ids = new Set(e.samples.map((s) => s.id));
    for (const s of add) {
      if (ids.has(s.id)) continue;
      ids.add(s.id);
      e.samples.push(s);
    }
    e.samples.sort((a, b) => a.atMs - b.atMs);
    if (e.samples.length > this.perPerson) {
      // the nearest nights stay; the dropped ones will be read back from InfluxDB
      e.heldUntil = Math.min(e.heldUntil, e.samples[this.perPerson]!.atMs);
      e.samples.length = this.perPerson;
    }
  }
}
