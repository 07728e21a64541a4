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
import {
  appendSample,
  atMsOf,
  firstSlots,
  keepWhere,
  moveLastTo,
  nightOf,
  placeOf,
  type Slots,
  sampleAt,
  shrink,
  slotBytes,
} from './night.slots';

interface Entry extends Slots {
  /**
   * Holds every stored sample of the person's nights still to come taken before this time (none
   * dropped, none missed): Infinity once read from InfluxDB, until the bound cuts the latest ones…
   */
  heldUntil: number;
  /** …as long as this run of the person's HRV partition goes on. */
  run?: number;
}

/**
 * NIGHT_CACHE_MAX_BYTES' default: ~5,200 people at a strap's ~100 samples a night, ~47,000 at a
 * watch's 5 (as objects, 64 MiB held ~3,200 and ~54,000).
 */
export const NIGHT_CACHE_DEFAULT_BYTES = 32 * 1024 * 1024;

export class NightAssembler {
  /** Least recently touched first (a Map keeps insertion order; touching re-inserts). */
  private readonly byPid = new Map<string, Entry>();
  private readonly maxBytes: number;
  /** What the bound counts: every person's slots (in use or not) and entry. */
  private bytes = 0;
  private held = 0;

  /**
   * @param perPerson at most this many samples per person (an RR strap sends ~100 a night).
   * @param maxBytes all people together.
   */
  constructor(
    private readonly perPerson = 256,
    maxBytes = NIGHT_CACHE_DEFAULT_BYTES,
  ) {
    this.maxBytes = Math.max(1, maxBytes);
  }

  /**
   * Keeps a stored sample for a night after `lastDay` (the person's latest evaluated night); false
   * when it is late. A person first seen here is not complete: readings stored before this process
   * started are only in InfluxDB.
   */
  add(pid: string, s: HrvSample, lastDay: number): boolean {
    if (s.night <= lastDay) return false;
    const e = this.take(pid) ?? newEntry(Number.NEGATIVE_INFINITY);
    this.insert(e, s);
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
    const e = this.take(pid) ?? newEntry(Number.POSITIVE_INFINITY);
    e.heldUntil = Number.POSITIVE_INFINITY;
    // what is older belongs to nights already evaluated: it must not crowd out what comes
    keepWhere(e, (i) => atMsOf(e, i) >= fromMs);
    e.run = run;
    this.merge(e, stored);
    this.put(pid, e);
  }

  /** The samples taken during a sleep session. */
  during(pid: string, sleep: SleepReading): HrvSample[] {
    const e = this.byPid.get(pid);
    const out: HrvSample[] = [];
    for (let i = 0; e && i < e.count; i++) {
      const at = atMsOf(e, i);
      if (at >= sleep.startAtMs && at <= sleep.endAtMs) out.push(sampleAt(e, i));
    }
    return out;
  }

  /** Forgets the samples of nights up to `lastDay`, once they are evaluated. */
  settle(pid: string, lastDay: number): void {
    const e = this.byPid.get(pid);
    if (!e) return;
    this.held -= e.count;
    keepWhere(e, (i) => nightOf(e, i) > lastDay);
    this.held += e.count;
    this.bytes -= slotBytes(e);
    shrink(e);
    this.bytes += slotBytes(e);
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
    return this.held;
  }

  /** Bytes the bound counts, all people together. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Removes pid's entry (to be put back as the most recently touched). */
  private take(pid: string): Entry | undefined {
    const e = this.byPid.get(pid);
    if (!e) return undefined;
    this.byPid.delete(pid);
    this.bytes -= slotBytes(e);
    this.held -= e.count;
    return e;
  }

  /** Puts pid's entry back as the most recent, then forgets the least recent people over the bound. */
  private put(pid: string, e: Entry): void {
    this.byPid.set(pid, e);
    this.bytes += slotBytes(e);
    this.held += e.count;
    if (this.bytes <= this.maxBytes) return;
    for (const [oldest] of this.byPid) {
      if (this.bytes <= this.maxBytes || oldest === pid) break;
      this.take(oldest);
    }
  }

  private append(e: Entry, s: HrvSample): void {
    appendSample(e, s, Math.min(this.perPerson, e.count * 2));
  }

  /**
   * Adds one sample in its place unless held (a sample is its source and time, as in InfluxDB): at
   * the end in the common case; a redelivered or late one is found by binary search, no sort.
   */
  private insert(e: Entry, s: HrvSample): void {
    const at = placeOf(e, s);
    if (at < 0) return;
    this.append(e, s);
    moveLastTo(e, at);
    this.cap(e);
  }

  /** Adds samples not held yet, each in its place (InfluxDB's come oldest first: appended). */
  private merge(e: Entry, add: readonly HrvSample[]): void {
    for (const s of add) this.insert(e, s);
  }

  /** Over the per-person bound the nearest nights stay; the dropped ones will be read back from InfluxDB. */
  private cap(e: Entry): void {
    if (e.count <= this.perPerson) return;
    e.heldUntil = Math.min(e.heldUntil, atMsOf(e, this.perPerson));
    e.count = this.perPerson;
  }
}

function newEntry(heldUntil: number): Entry {
  return { data: firstSlots(), count: 0, heldUntil };
}
