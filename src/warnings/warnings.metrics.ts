import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import type { BatchSummary } from './batch.summary';

/**
 * The warnings' metrics, on the service-wide registry. Labels are closed vocabularies (night status,
 * hold reason, level), never a pid. Every instance holds every state (see warnings.service.ts), so
 * the gauges are the same on each instance: aggregate them with max, not sum.
 */
@Injectable()
export class WarningMetrics {
  readonly nights: Counter<'status' | 'reason'>;
  readonly raised: Counter<'level'>;
  readonly nudges: Counter<'level'>;
  readonly skippedNoConsent: Counter;
  readonly lateHrv: Counter;
  readonly restored: Counter;
  readonly personalInputs: Counter<'kind'>;
  readonly incomplete: Counter;
  readonly recovered: Counter;
  readonly pending: Gauge;
  readonly states: Gauge;
  readonly stale: Gauge;

  constructor(@Inject(MetricsService) metrics: MetricsService) {
    const registers = [metrics.registry];
    this.nights = new Counter({
      name: 'respite_warning_nights_total',
      help: 'Nights handed to the warning engine, by verdict status (late and duplicate are ignored nights) and hold reason',
      labelNames: ['status', 'reason'] as const,
      registers,
    });
    this.raised = new Counter({
      name: 'respite_warnings_raised_total',
      help: 'Nights on which a person’s level rose, by the level reached',
      labelNames: ['level'] as const,
      registers,
    });
    this.nudges = new Counter({
      name: 'respite_warning_nudge_requests_total',
      help: 'Nudge requests handed to delivery, by level',
      labelNames: ['level'] as const,
      registers,
    });
    this.skippedNoConsent = new Counter({
      name: 'respite_warning_nights_skipped_no_consent_total',
      help: 'Nights not evaluated because early-warning consent was not active',
      registers,
    });
    this.lateHrv = new Counter({
      name: 'respite_warning_hrv_late_total',
      help: 'HRV readings stored after their night had been evaluated (not used)',
      registers,
    });
    this.restored = new Counter({
      name: 'respite_warning_states_restored_total',
      help: 'Warning states restored from the changelog at start',
      registers,
    });
    this.personalInputs = new Counter({
      name: 'respite_warning_personal_inputs_total',
      help: 'Dismissals and check-ins handed to night evaluations, by kind (an input counts once per night it is given to)',
      labelNames: ['kind'] as const,
      registers,
    });
    this.incomplete = new Counter({
      name: 'respite_warning_nights_incomplete_total',
      help: 'Nights evaluated after waiting WARNING_NIGHT_GRACE_MS without their HRV known stored',
      registers,
    });
    this.recovered = new Counter({
      name: 'respite_warning_nights_recovered_total',
      help: 'Nights found stored but never evaluated (queued in a process that stopped), evaluated late',
      registers,
    });
    this.pending = new Gauge({
      name: 'respite_warning_nights_pending',
      help: 'Nights waiting for the HRV produced before their sleep record to be stored (this instance)',
      registers,
    });
    this.states = new Gauge({
      name: 'respite_warning_states',
      help: 'Warning states held in memory',
      registers,
    });
    this.stale = new Gauge({
      name: 'respite_warning_people_stale',
      help: 'People with a warning state whose latest night is WARNING_STALE_DAYS or more days old',
      registers,
    });
  }

  count(sum: BatchSummary): void {
    for (const n of sum.nights) this.nights.inc({ status: n.status, reason: n.reason });
    for (const level of sum.raised) this.raised.inc({ level });
    for (const level of sum.nudges) this.nudges.inc({ level });
    if (sum.skippedNoConsent) this.skippedNoConsent.inc(sum.skippedNoConsent);
    if (sum.lateHrv) this.lateHrv.inc(sum.lateHrv);
    if (sum.incomplete) this.incomplete.inc(sum.incomplete);
    if (sum.recovered) this.recovered.inc(sum.recovered);
  }
}
