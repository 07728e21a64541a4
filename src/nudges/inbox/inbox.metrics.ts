import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../metrics/metrics.service';
import type { PushResult } from '../push/push.sender';

/** Nudge counters. Labels are closed vocabularies: never a subject or pid. */
@Injectable()
export class NudgeMetrics {
  private readonly outcomes: Counter<'outcome'>;
  private readonly pushes: Counter<'result'>;

  constructor(@Inject(MetricsService) metrics: MetricsService) {
    this.outcomes = new Counter({
      name: 'respite_nudges_total',
      help: 'Nudge requests and deliveries by outcome (held, delivered, dropped-<reason>)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.pushes = new Counter({
      name: 'respite_nudge_pushes_total',
      help: 'Web Push sends by result',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
  }

  outcome(outcome: string): void {
    this.outcomes.inc({ outcome });
  }

  push(result: PushResult): void {
    this.pushes.inc({ result });
  }
}
