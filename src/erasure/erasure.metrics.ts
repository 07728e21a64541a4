import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** How many erasures ran here and how long they took; never who. */
@Injectable()
export class ErasureMetrics {
  readonly erasures: Counter<'via'>;
  readonly seconds: Histogram;

  constructor(@Inject(MetricsService) metrics: MetricsService) {
    this.erasures = new Counter({
      name: 'respite_erasures_total',
      help: 'Erasures completed by this instance, by what asked for them (withdrawal or tombstone)',
      labelNames: ['via'] as const,
      registers: [metrics.registry],
    });
    this.seconds = new Histogram({
      name: 'respite_erasure_seconds',
      help: 'From picking up an erasure request to its receipt',
      buckets: [0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
      registers: [metrics.registry],
    });
  }
}
