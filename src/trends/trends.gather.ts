import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConsentService } from '../consent/consent.service';
import { CohortQuery, type DailyRow } from '../influx/influx.cohort-query';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import {
  BASELINE_LOOKBACK_DAYS,
  BASELINE_NIGHTS,
  contributionOf,
  mergeNights,
  type NightValues,
} from './trends.contributions';
import { addDays, periodDays } from './trends.periods';
import { TREND_SETTINGS, type TrendSettings } from './trends.settings';
import type { Contribution, Period } from './trends.types';

interface Person {
  id: string;
  cohorts: string[];
  /** Current pid first, then the pids of older pseudonym keys (points stored before a rotation). */
  pids: string[];
}

/**
 * Gathers one period's contributions: the people whose consent grants `aggregate-trends` in a
 * feed's cohort at this moment, and their nights from InfluxDB (queried by pid only).
 */
@Injectable()
export class TrendContributions {
  constructor(
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(CohortQuery) private readonly query: CohortQuery,
    @Inject(TREND_SETTINGS) private readonly s: TrendSettings,
  ) {}

  /**
   * One streaming pass over the period and the baseline window before it (CohortQuery.nightsByPid):
   * each pid's nights are turned into the person's contribution as they arrive, so memory holds
   * one contribution per person, not the 90 nights of everyone. People with several pids (points
   * from before a key rotation) are merged when the stream ends, which holds their nights until then;
   * a pid the stream returns twice is computed again per pid (the slower, exact path).
   */
  async forPeriod(period: Period, cohorts: readonly string[]): Promise<Contribution[]> {
    await this.consent.ready;
    const people = this.consenting(cohorts);
    if (people.length === 0) return [];
    const owner = new Map<string, number>();
    people.forEach((p, i) => {
      for (const pid of p.pids) owner.set(pid, i);
    });
    const days = periodDays(period);
    const out: (Contribution | undefined)[] = people.map(() => undefined);
    const held = new Map<number, { period: NightValues[]; history: NightValues[] }>();
    const seen = new Set<string>();
    const again = new Set<number>();
    await this.query.nightsByPid(
      {
        from: addDays(period.start, -BASELINE_LOOKBACK_DAYS),
        split: period.start,
        to: addDays(period.end, 1),
        latest: BASELINE_NIGHTS,
      },
      (pid, nights) => {
        const i = owner.get(pid);
        if (i === undefined) return; // no aggregate-trends consent in these cohorts: not read further
        if (seen.has(pid)) again.add(i);
        seen.add(pid);
        if (again.has(i)) return;
        if (people[i]!.pids.length === 1) {
          out[i] = this.contribution(people[i]!, days, nights.from, nights.before);
          return;
        }
        const h = held.get(i) ?? { period: [], history: [] };
        held.set(i, h);
        h.period.push(...nights.from);
        h.history.push(...nights.before);
      },
    );
    for (const [i, h] of held)
      if (!again.has(i)) out[i] = this.contribution(people[i]!, days, h.period, h.history);
    if (again.size > 0) {
      const exact = await this.perPid(
        [...again].map((i) => people[i]!),
        period,
      );
      [...again].forEach((i, k) => {
        out[i] = exact[k];
      });
    }
    return people.map((p, i) => out[i] ?? this.contribution(p, days, [], []));
  }

  /** The per-pid path: two queries per 100 pids; for the few people the stream returned twice. */
  private async perPid(people: Person[], period: Period): Promise<Contribution[]> {
    const owner = new Map<string, number>();
    people.forEach((p, i) => {
      for (const pid of p.pids) owner.set(pid, i);
    });
    const pids = [...owner.keys()];
    const lookback = addDays(period.start, -BASELINE_LOOKBACK_DAYS);
    const [inPeriod, history] = await Promise.all([
      this.query.nightsBetween(pids, period.start, addDays(period.end, 1)),
      this.query.latestNightsBefore(pids, lookback, period.start, BASELINE_NIGHTS),
    ]);
    const perPerson = (rows: DailyRow[]): NightValues[][] => {
      const out = people.map((): NightValues[] => []);
      for (const { pid, ...night } of rows) {
        const i = owner.get(pid);
        if (i !== undefined) out[i]!.push(night);
      }
      return out;
    };
    const nights = perPerson(inPeriod);
    const before = perPerson(history);
    return people.map((p, i) => this.contribution(p, periodDays(period), nights[i]!, before[i]!));
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
    const bySubject = new Map<string, string[]>();
    for (const cohort of cohorts) {
      for (const subjectId of this.consent.view.membersOf(cohort, 'aggregate-trends')) {
        bySubject.set(subjectId, [...(bySubject.get(subjectId) ?? []), cohort]);
      }
    }
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
