import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConsentService } from '../consent/consent.service';
import { CohortQuery } from '../influx/influx.cohort-query';
import { trendWeekLine } from '../influx/influx.lines';
import { PointWriter } from '../influx/influx.point-writer';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import {
  BASELINE_LOOKBACK_DAYS,
  contributionOf,
  mergeNights,
  type NightValues,
} from './trends.contributions';
import {
  baselineWeeks,
  blockEnd,
  blockOf,
  blocksToWrite,
  keptHistory,
  keptWeeks,
  recordsAfter,
  type WeekRecord,
  weekOf,
} from './trends.history';
import { addDays, periodDays } from './trends.periods';
import { TREND_SETTINGS, type TrendSettings } from './trends.settings';
import type { Contribution, Period } from './trends.types';

interface Person {
  id: string;
  cohorts: string[];
  /** Current pid first, then the pids of older pseudonym keys (points stored before a rotation). */
  pids: string[];
}

/** At most this share of the people (or FEW) on the per-pid path; more, and one full pass is cheaper. */
const PER_PID_SHARE = 0.1;
const FEW = 100;
/** No kept weeks: the full pass and the per-pid path keep every week of the window anew. */
const NONE: ReadonlyMap<string, WeekRecord> = new Map();
/** Per person (index) read from `daily`: their kept weeks after the period's, in its last block. */
type Later = Map<number, ReadonlyMap<string, WeekRecord>>;
/**
 * What the paths reading `daily` keep of the kept path: the later weeks of the people it left to
 * them, and who it covered (their weeks it wrote already: written again from `daily` alone, the
 * block would lose the weeks after the period).
 */
interface Kept {
  later: Later;
  covered: ReadonlySet<number>;
}
const NOBODY: ReadonlySet<number> = new Set();

/**
 * Gathers one period's contributions: the people whose consent grants `aggregate-trends` in a
 * feed's cohort at this moment, and their nights from InfluxDB (queried by pid only).
 *
 * A run reads the period's nights from `daily` and each person's baseline nights from the weeks the
 * runs before it kept (trends.history), then keeps the weeks this period touched. People whose kept
 * weeks do not cover the baseline window (new, or after a missed run or a key rotation) are read
 * from `daily` instead: by pid when they are few, else in one full pass that keeps every week again.
 * A night that reaches `daily` after the run that kept its week is not in later baselines (the
 * period's own nights are always read from `daily`).
 */
@Injectable()
export class TrendContributions {
  constructor(
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(CohortQuery) private readonly query: CohortQuery,
    @Inject(TREND_SETTINGS) private readonly s: TrendSettings,
    @Inject(PointWriter) private readonly writer: PointWriter,
  ) {}

  /** How many uncovered people the per-pid path takes before one full pass is cheaper. */
  perPidAtMost = (people: number): number => Math.max(FEW, people * PER_PID_SHARE);

  async forPeriod(period: Period, cohorts: readonly string[]): Promise<Contribution[]> {
    await this.consent.ready;
    const people = this.consenting(cohorts);
    if (people.length === 0) return [];
    const sink = new WeekSink(this.writer);
    const { out, later } = await this.fromKept(people, period, sink);
    const missing = people.flatMap((_, i) => (out[i] ? [] : [i]));
    if (missing.length > this.perPidAtMost(people.length)) {
      // the people the kept path covered keep what it wrote for them: their weeks after the period too
      const covered = new Set(people.flatMap((_, i) => (out[i] ? [i] : [])));
      const all = await this.fullPass(people, period, sink, { later, covered });
      await sink.done();
      return all;
    }
    await this.fillPerPid(out, missing, people, period, sink, { later, covered: NOBODY });
    await sink.done();
    return out.map((c) => c!);
  }

  /**
   * The period's nights from `daily` (all of a person's pids), then each person's kept weeks (their
   * current pid only): a contribution for everyone whose weeks cover the baseline window. Read up
   * to the end of the block holding the period's last night, so that a block written again keeps
   * the weeks after the period (a daily run's, before a weekly run that comes late); `later` holds
   * those of the people left for `daily`.
   */
  private async fromKept(
    people: Person[],
    period: Period,
    sink: WeekSink,
  ): Promise<{ out: (Contribution | undefined)[]; later: Later }> {
    const owner = ownerOf(people);
    const rows: NightValues[][] = people.map(() => []);
    await this.query.dailyByPid({ from: period.start, to: addDays(period.end, 1) }, (pid, nights) => {
      const i = owner.get(pid);
      if (i !== undefined) rows[i]!.push(...nights);
    });
    const current = new Map(people.map((p, i) => [p.pids[0]!, i]));
    const window = baselineWeeks(period.start);
    const days = periodDays(period);
    const out: (Contribution | undefined)[] = people.map(() => undefined);
    const later: Later = new Map();
    const seen = new Set<number>();
    const lastWeek = weekOf(period.end);
    const to = blockEnd(period.end);
    await this.query.weeksByPid({ from: blockOf(window.from), to }, (pid, packed) => {
      const i = current.get(pid);
      if (i === undefined) return; // no aggregate-trends consent, or an older pid: not read further
      if (seen.has(i)) {
        out[i] = undefined; // came back later in the stream: read from `daily` instead
        return;
      }
      seen.add(i);
      let weeks: Map<string, WeekRecord>;
      try {
        weeks = keptWeeks(packed);
      } catch {
        return; // unreadable: read from `daily` instead
      }
      const history = keptHistory(weeks, window);
      if (!history) {
        const after = [...weeks.values()].filter((w) => w.week > lastWeek);
        if (after.length > 0) later.set(i, new Map(after.map((w) => [w.week, w])));
        return;
      }
      const p = people[i]!;
      const inPeriod = mergeNights(rows[i]!);
      rows[i] = [];
      out[i] = contributionOf({ id: p.id, cohorts: p.cohorts, period: inPeriod, history, periodDays: days });
      return sink.add(p.pids[0]!, weeks, recordsAfter(weeks, period.start, period.end, inPeriod));
    });
    return { out, later };
  }

  /**
   * One streaming pass over the period and the 90 days before it (`dailyByPid`, as the period's
   * read): each pid's nights are turned into the person's contribution as they arrive, and all their
   * weeks are kept. People with several pids are merged when the stream ends; a pid the stream
   * returns twice is computed on the per-pid path.
   */
  private async fullPass(
    people: Person[],
    period: Period,
    sink: WeekSink,
    kept: Kept,
  ): Promise<Contribution[]> {
    const owner = ownerOf(people);
    const days = periodDays(period);
    const out: (Contribution | undefined)[] = people.map(() => undefined);
    const held = new Map<number, { period: NightValues[]; history: NightValues[] }>();
    const seen = new Set<string>();
    const again = new Set<number>();
    const lookback = addDays(period.start, -BASELINE_LOOKBACK_DAYS);
    const keep = (i: number, period_: NightValues[], history: NightValues[]) => {
      const merged = { period: mergeNights(period_), history: mergeNights(history) };
      out[i] = contributionOf({
        id: people[i]!.id,
        cohorts: people[i]!.cohorts,
        ...merged,
        periodDays: days,
      });
      if (kept.covered.has(i)) return undefined;
      // merged apart and apart in time (history before the period): together, still merged
      const all = [...merged.history, ...merged.period];
      const after = kept.later.get(i) ?? NONE;
      return sink.add(people[i]!.pids[0]!, after, recordsAfter(NONE, lookback, period.end, all));
    };
    await this.query.dailyByPid({ from: lookback, to: addDays(period.end, 1) }, (pid, nights) => {
      const i = owner.get(pid);
      if (i === undefined) return; // no aggregate-trends consent in these cohorts: not read further
      if (seen.has(pid)) again.add(i);
      seen.add(pid);
      if (again.has(i)) return;
      const before = nights.filter((n) => n.night < period.start);
      const from = nights.filter((n) => n.night >= period.start);
      if (people[i]!.pids.length === 1) return keep(i, from, before);
      const h = held.get(i) ?? { period: [], history: [] };
      held.set(i, h);
      h.period.push(...from);
      h.history.push(...before);
    });
    for (const [i, h] of held) if (!again.has(i)) await keep(i, h.period, h.history);
    // not in the stream: no night in the whole window, which their kept weeks now say
    for (const i of people.keys()) if (!out[i] && !again.has(i)) await keep(i, [], []);
    await this.fillPerPid(out, [...again], people, period, sink, kept);
    return out.map((c) => c!);
  }

  /** Fills out[i] for the people at `indices` on the per-pid path (none: no query). */
  private async fillPerPid(
    out: (Contribution | undefined)[],
    indices: readonly number[],
    people: readonly Person[],
    period: Period,
    sink: WeekSink,
    kept: Kept,
  ): Promise<void> {
    if (indices.length === 0) return;
    const exact = await this.perPid(
      indices.map((i) => people[i]!),
      period,
      sink,
      indices.map((i) => (kept.covered.has(i) ? null : (kept.later.get(i) ?? NONE))),
    );
    indices.forEach((i, k) => {
      out[i] = exact[k];
    });
  }

  /** The per-pid path: one query per 100 pids, for the few people not covered otherwise. */
  private async perPid(
    people: Person[],
    period: Period,
    sink: WeekSink,
    /** Per person, their weeks after the period; null: the kept path wrote their weeks already. */
    kept: readonly (ReadonlyMap<string, WeekRecord> | null)[],
  ): Promise<Contribution[]> {
    const owner = ownerOf(people);
    const lookback = addDays(period.start, -BASELINE_LOOKBACK_DAYS);
    const rows = await this.query.nightsBetween([...owner.keys()], lookback, addDays(period.end, 1));
    const nights = people.map((): NightValues[] => []);
    for (const { pid, ...night } of rows) nights[owner.get(pid)!]!.push(night);
    const days = periodDays(period);
    const out: Contribution[] = [];
    for (const [i, p] of people.entries()) {
      const all = nights[i]!;
      out.push(
        this.contribution(
          p,
          days,
          all.filter((n) => n.night >= period.start),
          all.filter((n) => n.night < period.start),
        ),
      );
      const after = kept[i];
      if (after)
        await sink.add(p.pids[0]!, after, recordsAfter(NONE, lookback, period.end, mergeNights(all)));
    }
    return out;
  }

  private contribution(p: Person, days: number, period: NightValues[], history: NightValues[]): Contribution {
    return contributionOf({
      id: p.id,
      cohorts: p.cohorts,
      period: mergeNights(period),
      history: mergeNights(history),
      periodDays: days,
    });
  }

  private consenting(cohorts: readonly string[]): Person[] {
    const bySubject = this.consent.view.memberships(cohorts, 'aggregate-trends');
    return [...bySubject].map(([subjectId, memberOf]) => ({
      id: this.memberId(subjectId),
      cohorts: memberOf,
      pids: this.pseudonymizer.allPids(subjectId),
    }));
  }

  /**
   * A trend-only pseudonym, keyed by the trend salt: unlike the pid it survives a rotation of the
   * pseudonym keys, which would otherwise make every remembered member set look like strangers.
   */
  private memberId(subjectId: string): string {
    const mac = createHmac('sha256', this.s.salt).update(`respite.trends.member\0${subjectId}`).digest();
    return `m.${mac.subarray(0, 16).toString('base64url')}`;
  }
}

function ownerOf(people: readonly Person[]): Map<string, number> {
  const owner = new Map<string, number>();
  people.forEach((p, i) => {
    for (const pid of p.pids) owner.set(pid, i);
  });
  return owner;
}

/**
 * Kept records on their way to InfluxDB (the blocks holding the changed weeks, trends.history):
 * written in requests of BATCH lines, one at a time, and the stream that produces them waits while
 * a request is out and the next one is full.
 */
class WeekSink {
  private static readonly BATCH = 5_000;
  private lines: string[] = [];
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly writer: PointWriter) {}

  add(
    pid: string,
    kept: ReadonlyMap<string, WeekRecord>,
    changed: readonly WeekRecord[],
  ): Promise<void> | undefined {
    for (const b of blocksToWrite(kept, changed)) this.lines.push(trendWeekLine(pid, b.startMs, b.packed));
    if (this.lines.length < WeekSink.BATCH) return undefined;
    const batch = this.lines;
    this.lines = [];
    const previous = this.inFlight;
    this.inFlight = previous.then(() => this.writer.write(batch));
    return previous;
  }

  async done(): Promise<void> {
    const batch = this.lines;
    this.lines = [];
    await this.inFlight;
    await this.writer.write(batch);
  }
}
