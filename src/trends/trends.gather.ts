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

  async forPeriod(period: Period, cohorts: readonly string[]): Promise<Contribution[]> {
    await this.consent.ready;
    const people = this.consenting(cohorts);
    if (people.length === 0) return [];
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
      const out = people.map((): DailyRow[] => []);
      for (const r of rows) {
        const i = owner.get(r.pid);
        if (i !== undefined) out[i]!.push(r);
      }
      return out.map((list) => mergeNights(list.map(({ pid: _, ...night }) => night)));
    };
    const nights = perPerson(inPeriod);
    const before = perPerson(history);
    return people.map((p, i) =>
      contributionOf({
        id: p.id,
        cohorts: p.cohorts,
        period: nights[i]!,
        history: before[i]!,
        periodDays: periodDays(period),
      }),
    );
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
