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
  readonly heldBytes: Gauge = new Gauge({
    name: 'respite_ingest_held_bytes',
    help: 'Kafka record bytes fetched and not yet acknowledged by InfluxDB (INGEST_MEMORY_BUDGET_BYTES bounds it)',
    registers: [this.registry],
    collect: (): void => this.heldBytes.set(this.held?.total ?? 0),
  });
  readonly heldBytesPeak: Gauge = new Gauge({
    name: 'respite_ingest_held_bytes_max',
    help: 'The most record bytes held at any moment since start',
    registers: [this.registry],
    collect: (): void => this.heldBytesPeak.set(this.held?.peak ?? 0),
  });

  watchHeldBytes(held: { readonly total: number; readonly peak: number }): void {
    this.held = held;
  }
  /** The gate of the personal reads from InfluxDB (INFLUX_PERSONAL_READS), read when scraped. */
  private reads?: { readonly inFlight: number; readonly queued: number; readonly mostInFlight: number };
  readonly personalReads: Gauge = new Gauge({
    name: 'respite_personal_reads_in_flight',
    help: "A person's own reads (nights, check-ins, export) InfluxDB is answering now",
    registers: [this.registry],
    collect: (): void => this.personalReads.set(this.reads?.inFlight ?? 0),
  });
  readonly personalReadsQueued: Gauge = new Gauge({
    name: 'respite_personal_reads_queued',
    help: 'Personal reads waiting for their turn (they start in the order they came)',
    registers: [this.registry],
    collect: (): void => this.personalReadsQueued.set(this.reads?.queued ?? 0),
  });
  readonly personalReadsPeak: Gauge = new Gauge({
    name: 'respite_personal_reads_in_flight_max',
    help: 'The most personal reads in flight at any moment since start (INFLUX_PERSONAL_READS bounds it)',
    registers: [this.registry],
    collect: (): void => this.personalReadsPeak.set(this.reads?.mostInFlight ?? 0),
  });

  watchPersonalReads(reads: {
    readonly inFlight: number;
    readonly queued: number;
    readonly mostInFlight: number;
  }): void {
    this.reads = reads;
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
