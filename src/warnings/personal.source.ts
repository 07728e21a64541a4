// Gathers what a person told Respite (issue #20) for the evaluation of one of their nights: their
// dismissals from the inbox (with early-warning consent) and their check-ins from InfluxDB (with
// self-report too), given in the LOOKBACK before the night ended. No Nest, Kafka or Influx here: the
// service passes the reads in.
//
// Correct across instances: an input may have been given on any instance. Each carries the time it
// was given (that instance's clock), and is stored (acknowledged by Kafka or InfluxDB) within
// SETTLE_MS of it. So a read that started at T sees every input given before T - SETTLE_MS, and a
// night that ended before then needs no newer read. Live nights (ended minutes ago) therefore read
// again: one inbox read barrier and one InfluxDB query per night of a person with self-report. A
// replay of old nights reads each person's check-ins once and the inbox once. People without
// self-report never cost a query.
import {
  type Dismissal,
  NO_PERSONAL_INPUTS,
  type PersonalCheckIn,
  type PersonalInputs,
} from './personal.inputs';

export const PERSONAL_LOOKBACK_MS = 60 * 86_400_000;
/** Longest time between giving an input and its being readable everywhere (Kafka / InfluxDB retries). */
export const SETTLE_MS = 5 * 60_000;
/** People whose check-ins are kept between nights (a replay's working set); the oldest read goes first. */
export const MAX_CACHED_PEOPLE = 1_000;

export interface PersonalReads {
  allows(subjectId: string, scope: 'early-warning' | 'self-report'): boolean;
  /** Read barrier: every inbox record written so far, by any instance, has been folded in. */
  inboxCatchUp(): Promise<void>;
  /** The dismissals held in the person's inbox given in [fromMs, untilMs), oldest first. */
  dismissals(subjectId: string, fromMs: number, untilMs: number): Dismissal[];
  /** The person's check-ins from `fromMs` on, under every pid they have had. */
  checkIns(subjectId: string, fromMs: number): Promise<PersonalCheckIn[]>;
  now(): number;
}

interface Cached {
  fromMs: number;
  /** When the read started: it holds every check-in given before readAt - SETTLE_MS. */
  readAt: number;
  list: PersonalCheckIn[];
}

export class PersonalSource {
  private inboxReadAt = Number.NEGATIVE_INFINITY;
  private inboxRead?: { startedAt: number; done: Promise<void> };
  private readonly checkInCache = new Map<string, Cached>();

  constructor(private readonly reads: PersonalReads) {}

  /** The inputs for `pid`'s night that ended at `untilMs`. */
  async inputs(pid: string, subjectId: string, untilMs: number): Promise<PersonalInputs> {
    if (!this.reads.allows(subjectId, 'early-warning')) return NO_PERSONAL_INPUTS;
    const fromMs = untilMs - PERSONAL_LOOKBACK_MS;
    await this.inboxFreshFor(untilMs);
    const dismissals = this.reads.dismissals(subjectId, fromMs, untilMs);
    const checkIns = this.reads.allows(subjectId, 'self-report')
      ? (await this.checkInsOf(pid, subjectId, fromMs, untilMs)).filter(
          (c) => c.atMs >= fromMs && c.atMs < untilMs,
        )
      : [];
    if (dismissals.length === 0 && checkIns.length === 0) return NO_PERSONAL_INPUTS;
    return { dismissals, checkIns };
  }

  /** Consent narrowed, withdrawn or erased: what was read under it goes. */
  forget(pids: readonly string[]): void {
    for (const pid of pids) this.checkInCache.delete(pid);
  }

  private async inboxFreshFor(untilMs: number): Promise<void> {
    const need = untilMs + SETTLE_MS;
    if (this.inboxReadAt >= need) return;
    // a barrier already under way serves this night too if it started late enough
    if (this.inboxRead && this.inboxRead.startedAt >= need) return this.inboxRead.done;
    const startedAt = this.reads.now();
    const done = this.reads.inboxCatchUp().then(() => {
      this.inboxReadAt = Math.max(this.inboxReadAt, startedAt);
    });
    this.inboxRead = { startedAt, done };
    void done
      .finally(() => {
        if (this.inboxRead?.done === done) this.inboxRead = undefined;
      })
      .catch(() => undefined);
    return done;
  }

  private async checkInsOf(
    pid: string,
    subjectId: string,
    fromMs: number,
    untilMs: number,
  ): Promise<PersonalCheckIn[]> {
    const hit = this.checkInCache.get(pid);
    if (hit && hit.fromMs <= fromMs && hit.readAt >= untilMs + SETTLE_MS) return hit.list;
    const readAt = this.reads.now();
    const list = await this.reads.checkIns(subjectId, fromMs);
    this.checkInCache.delete(pid); // re-inserted last: the Map's order is the order of reads
    this.checkInCache.set(pid, { fromMs, readAt, list });
    for (const oldest of this.checkInCache.keys()) {
      if (this.checkInCache.size <= MAX_CACHED_PEOPLE) break;
      this.checkInCache.delete(oldest);
    }
    return list;
  }
}
