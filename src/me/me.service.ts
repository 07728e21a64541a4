import { Inject, Injectable } from '@nestjs/common';
import { FifoGate } from '../common/fifo-gate';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentService } from '../consent/consent.service';
import { HistoryQuery, type Row } from '../influx/influx.history-query';
import { MEASUREMENTS, type Measurement } from '../influx/influx.lines';
import { PointWriter } from '../influx/influx.point-writer';
import { MetricsService } from '../metrics/metrics.service';
import { DAY_MS, dayNumber } from '../night/night';
import { InboxStore } from '../nudges/inbox/inbox.store';
import { NudgesService } from '../nudges/nudges.service';
import { localDateOf } from '../nudges/timing/zoned-time';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { WARNING_PRESETS } from '../warnings/warning.config';
import { WarningsService } from '../warnings/warnings.service';
import type { CheckIn, CheckInDto, ExportDto } from './me.dto';
import { type NightsView, nightsFromJudged, nightsWithBands, WARM_UP_NIGHTS } from './nights.bands';

/** The person's own data, read and written under their pids only (every pid their id ever had). */
@Injectable()
export class MeService {
  private readonly warning;
  /**
   * Every InfluxDB read of this service goes through it (INFLUX_PERSONAL_READS); a read waits for
   * its turn at most as long as InfluxDB may stay silent on it, then the person gets a 503.
   */
  private readonly reads: FifoGate;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(HistoryQuery) private readonly history: HistoryQuery,
    @Inject(PointWriter) private readonly writer: PointWriter,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(NudgesService) private readonly nudges: NudgesService,
    @Inject(InboxStore) private readonly inbox: InboxStore,
    @Inject(WarningsService) private readonly warnings: WarningsService,
    @Inject(MetricsService) metrics: MetricsService,
  ) {
    this.warning = WARNING_PRESETS[config.WARNING_PRESET];
    this.reads = new FifoGate(config.INFLUX_PERSONAL_READS, config.INFLUX_WRITE_TIMEOUT_MS);
    metrics.watchPersonalReads(this.reads);
  }

  /**
   * The last `days` nights up to today in the person's zone, each with the band it was judged
   * against: read as stored with each night (#21), `judged` alone where it holds the night's values
   * too (two fields: influxd sets up a cursor per field and shard), else with the night's fields;
   * or, where a night to show was stored without it, replayed from the nights before (a third read,
   * of the warm-up nights too).
   */
  async nights(subjectId: string, days: number, now = new Date()): Promise<NightsView> {
    const lastDate = this.today(subjectId, now);
    const nudgeDates = new Set(this.nudges.isReady ? this.nudges.inbox(subjectId).map((n) => n.asOf) : []);
    const opts = { days, lastDate, nudgeDates };
    const pids = this.pseudonymizer.allPids(subjectId);
    const firstMs = (dayNumber(lastDate) - days + 1) * DAY_MS;
    const judgedNights = (judgedOnly: boolean) =>
      this.readEach(pids, (pid) => this.history.judgedNights(pid, firstMs, judgedOnly));
    // nobody judges the nights of a person without early-warning consent: straight to the replay's
    // fields (the warnings' own setting is theirs; a night they did not judge is replayed below)
    if (this.consent.view.allows(subjectId, 'early-warning')) {
      const quick = nightsFromJudged(await judgedNights(true), this.warning.bandK, opts, true);
      if (quick) return quick;
    }
    const judged = nightsFromJudged(await judgedNights(false), this.warning.bandK, opts);
    if (judged) return judged;
    const warmUpMs = firstMs - (WARM_UP_NIGHTS + 1) * DAY_MS;
    const inputs = await this.readEach(pids, (pid) => this.history.nights(pid, warmUpMs));
    return nightsWithBands(inputs, this.warning, opts);
  }

  /** False when the person's consent lacks `self-report`: then nothing is stored. */
  async addCheckIn(subjectId: string, c: CheckIn, now = new Date()): Promise<CheckInDto | null> {
    if (!this.consent.view.allows(subjectId, 'self-report')) return null;
    const pid = this.pseudonymizer.pid(subjectId);
    await this.writer.storeCheckIn(pid, c, now.getTime());
    return { at: now.toISOString(), ...c };
  }

  async checkIns(subjectId: string, days: number, now = new Date()): Promise<CheckInDto[]> {
    const pids = this.pseudonymizer.allPids(subjectId);
    const stored = await this.readEach(pids, (pid) =>
      this.history.checkIns(pid, now.getTime() - days * DAY_MS),
    );
    return stored
      .map((c) => ({ at: new Date(c.atMs).toISOString(), stress: c.stress, sleepQuality: c.sleepQuality }))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  /** GDPR Art. 15/20: everything held about the person, in a machine-readable form. */
  async export(subjectId: string, now = new Date()): Promise<ExportDto> {
    const points: Record<string, Record<string, unknown>[]> = {};
    for (const m of MEASUREMENTS) points[m] = (await this.rowsOf(m, subjectId, '0')).map(clean);
    const doc = this.inbox.isReady ? this.inbox.get(subjectId) : undefined;
    return {
      exportedAt: now.toISOString(),
      subjectId,
      pids: this.pseudonymizer.allPids(subjectId),
      consent: (this.consent.view.get(subjectId) as Record<string, unknown> | undefined) ?? null,
      inbox: (doc as Record<string, unknown> | undefined) ?? null,
      points,
      checkIns: await this.checkIns(subjectId, 3660, now),
      warning: (await this.warnings.stateOf(subjectId)) as Record<string, unknown> | null,
      notes: [
        'Your readings are stored under a pseudonym (pid), never under your name or id.',
        'Respite also keeps a compact summary of your last 60 nights to compare new nights with your usual range; it is computed from the nightly points above. `warning` is what that summary holds besides your nights: the level, the evidence from recent nights, the nights that led to a note, and what your own answers changed.',
        "Each nightly point (`daily`) that Respite judged also holds what it was compared with then, in one field `judged` of comma-separated values: your HRV measure (1 RMSSD, 2 SDNN, 0 none yet), 1 if the night was slept by day (not compared), then your usual value and how much it usually varies for HRV (as a natural log of ms), resting heart rate and sleep hours (empty where there was none yet), and last, where present, the night's own HRV (natural log of ms), resting heart rate and sleep hours as they were compared, rounded as Respite keeps them. The usual range your nights view shows is the usual value plus or minus about twice that spread.",
        'Wellness teams see only group figures of 10 or more people, never your data.',
      ],
    };
  }

  private async rowsOf(measurement: Measurement, subjectId: string, start: string): Promise<Row[]> {
    const pids = this.pseudonymizer.allPids(subjectId);
    const rows = await this.readEach(pids, (pid) => this.history.pointsOf(measurement, pid, start));
    return rows.sort((a, b) => String(a._time).localeCompare(String(b._time)));
  }

  /** One read per pid the person's id ever had, one after the other, each through the gate. */
  private async readEach<T>(pids: readonly string[], read: (pid: string) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (const pid of pids) out.push(...(await this.reads.run(() => read(pid))));
    return out;
  }

  private today(subjectId: string, now: Date): string {
    const zone = this.consent.view.get(subjectId)?.timeZone ?? this.config.NUDGE_TIME_ZONE;
    return localDateOf(now.getTime(), zone);
  }
}

/** A point as the person can read it: its time, tags and fields, without Flux's bookkeeping columns. */
function clean(r: Row): Record<string, unknown> {
  const { result: _r, table: _t, _start, _stop, _measurement, ...rest } = r;
  return rest;
}
