// The HRV readings of each person's coming nights, held until their main sleep session completes
// the night. RR-interval straps and SDNN-only watches send HRV only as separate readings, so without
// this their nights would have no HRV. It is a cache of what InfluxDB already holds (samples are
// added once their points are acknowledged): bounded and lost on restart, so for a person it may not
// hold everything of, the night's readings are read back from InfluxDB once.
import type { NightInput } from '../baseline/night';
import { assembleNight } from '../baseline/night.assemble';
import type { HrvReading, SleepReading, Source } from '../ingest/decode/reading.types';
import type { HrvFromRr } from '../ingest/hrv.metrics';

const DAY_MS = 86_400_000;

/** What a night needs of one HRV reading (RR intervals already reduced to RMSSD/SDNN at ingest). */
export interface HrvSample {
  id: string;
  source: Source;
  atMs: number;
  /** Day number of the night the reading belongs to (see nightDayOf). */
  night: number;
  rmssdMs?: number;
  sdnnMs?: number;
  restingHrBpm?: number;
}

/**
 * The wake date (day number) of the night a reading taken at `atMs` belongs to: its local date
 * shifted by 12 h, so 22:00 and 03:00 name the same night and an afternoon reading the next one.
 */
export function nightDayOf(atMs: number, utcOffsetMinutes: number): number {
  return Math.floor((atMs + utcOffsetMinutes * 60_000 + DAY_MS / 2) / DAY_MS);
}

/** A sample's identity: as InfluxDB's (source tag and timestamp), so the two sources merge. */
export function sampleId(source: string, atMs: number): string {
  return `${source}@${atMs}`;
}

export function sampleOf(r: HrvReading, fromRr: HrvFromRr | null): HrvSample {
  return {
    id: sampleId(r.source, r.measuredAtMs),
    source: r.source,
    atMs: r.measuredAtMs,
    night: nightDayOf(r.measuredAtMs, r.utcOffsetMinutes),
    rmssdMs: fromRr?.rmssdMs ?? r.rmssdMs,
    sdnnMs: fromRr?.sdnnMs ?? r.sdnnMs,
    restingHrBpm: r.restingHrBpm,
  };
}

/** A main sleep and the HRV samples taken during it, as the baselines see the night. */
export function nightFrom(sleep: SleepReading, samples: readonly HrvSample[]): NightInput | null {
  return assembleNight(
    sleep,
    samples.map((s) => ({
      kind: 'hrv',
      readingId: s.id,
      subjectId: '',
      source: s.source,
      measuredAt: '',
      measuredAtMs: s.atMs,
      utcOffsetMinutes: 0,
      context: 'sleep',
      rmssdMs: s.rmssdMs,
      sdnnMs: s.sdnnMs,
      restingHrBpm: s.restingHrBpm,
    })),
  );
}

interface Entry {
  /** Oldest first. */
  samples: HrvSample[];
  /** Holds every stored sample of the person's nights still to come (none dropped, none missed). */
  complete: boolean;
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
    const e = this.byPid.get(pid) ?? { samples: [], complete: false };
    this.byPid.set(pid, e);
    this.merge(e, [s]);
    return true;
  }

  isComplete(pid: string): boolean {
    return this.byPid.get(pid)?.complete === true;
  }

  /** Everything InfluxDB holds for pid from `fromMs` on: complete from here on, unless too many. */
  fill(pid: string, stored: readonly HrvSample[]): void {
    const e = this.byPid.get(pid) ?? { samples: [], complete: true };
    e.complete = true;
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
      e.samples.length = this.perPerson;
      e.complete = false;
    }
  }
}
