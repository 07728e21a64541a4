import { Injectable } from '@nestjs/common';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics. Labels are closed vocabularies (topic, code): never a subject or pid. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly ingested = new Counter({
    name: 'respite_readings_ingested_total',
    help: 'Readings stored in InfluxDB',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'respite_readings_rejected_total',
    help: 'Readings dead-lettered, by reason code',
    labelNames: ['kind', 'code'] as const,
    registers: [this.registry],
  });
  readonly droppedNoConsent = new Counter({
    name: 'respite_readings_dropped_no_consent_total',
    help: 'Readings dropped because ingest consent was not active',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: 'respite_consumer_lag',
    help: 'Messages behind the high watermark, per topic and partition',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly writeSeconds = new Histogram({
    name: 'respite_influx_write_seconds',
    help: 'Latency of one acknowledged batch write to InfluxDB',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'respite_ingest_latency_seconds',
    help: 'From the Kafka record timestamp to InfluxDB acknowledging its point',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  /** The ingest consumer's memory budget bookkeeping, read when scraped. */
  private held?: { readonly total: number; readonly peak: number };
  readonly heldBytes = this.scraped(
    'respite_ingest_held_bytes',
    'Kafka record bytes fetched and not yet acknowledged by InfluxDB (INGEST_MEMORY_BUDGET_BYTES bounds it)',
    () => this.held?.total,
  );
  readonly heldBytesPeak = this.scraped(
    'respite_ingest_held_bytes_max',
    'The most record bytes held at any moment since start',
    () => this.held?.peak,
  );

  watchHeldBytes(held: { readonly total: number; readonly peak: number }): void {
    this.held = held;
  }
  /** The gate of the personal reads from InfluxDB (INFLUX_PERSONAL_READS), read when scraped. */
  private reads?: { readonly inFlight: number; readonly queued: number; readonly mostInFlight: number };
  readonly personalReads = this.scraped(
    'respite_personal_reads_in_flight',
    "A person's own reads (nights, check-ins, export) InfluxDB is answering now",
    () => this.reads?.inFlight,
  );
  readonly personalReadsQueued = this.scraped(
    'respite_personal_reads_queued',
    'Personal reads waiting for their turn (they start in the order they came)',
    () => this.reads?.queued,
  );
  readonly personalReadsPeak = this.scraped(
    'respite_personal_reads_in_flight_max',
    'The most personal reads in flight at any moment since start (INFLUX_PERSONAL_READS bounds it)',
    () => this.reads?.mostInFlight,
  );

  watchPersonalReads(reads: {
    readonly inFlight: number;
    readonly queued: number;
    readonly mostInFlight: number;
  }): void {
    this.reads = reads;
  }

  /** A gauge whose value is read when Prometheus scrapes (0 until something is watched). */
  private scraped(name: string, help: string, read: () => number | undefined): Gauge {
    const gauge: Gauge = new Gauge({
      name,
      help,
      registers: [this.registry],
      collect: (): void => gauge.set(read() ?? 0),
    });
    return gauge;
  }

  readonly writeFailures = new Counter({
    name: 'respite_influx_write_failures_total',
    help: 'Batch writes to InfluxDB that failed and were retried',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'respite_' });
  }
}
