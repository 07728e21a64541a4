import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ConsentService } from '../consent/consent.service';
import { ErasureSteps } from '../erasure/erasure.steps';
import { EventBus } from '../events/event-bus';
import { PointWriter, WriteRejected } from '../influx/influx.point-writer';
import type { KafkaClient } from '../kafka/kafka.client';
import { KAFKA } from '../kafka/kafka.module';
import { ReadingsConsumer } from '../kafka/kafka.readings-consumer';
import { RecordProducer } from '../kafka/kafka.record-producer';
import type { RawRecord } from '../kafka/kafka.types';
import { MetricsService } from '../metrics/metrics.service';
import { Pseudonymizer } from '../privacy/pseudonymizer';
import { deadLetterRecord } from './dead-letter';
import {
  type BatchOutcome,
  batchLines,
  consentedSince,
  type DeadLetter,
  processBatch,
  type ReadingKind,
  storedCounts,
} from './ingest.pipeline';

/** Runs after InfluxDB acknowledged a batch, before its offsets are committed; a failure retries the batch. */

const REFUSED = {
  code: 'STORE_REJECTED',
  message: 'InfluxDB refused the batch this reading was in; kept here to be replayed',
  path: '',
} as const;

interface PreparedBatch {
  records: RawRecord[];
  out: BatchOutcome;
  /** The consent view's version the batch was gated at. */
  consentVersion: number;
}

/** Runs the ingest consumer: a batch is committed only after InfluxDB and the DLQ took it. */
@Injectable()
export class IngestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(IngestService.name);
  private consumer?: ReadingsConsumer;
  private readonly kinds: Map<string, ReadingKind>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    @Inject(RecordProducer) private readonly producer: RecordProducer,
    @Inject(PointWriter) private readonly writer: PointWriter,
    @Inject(ConsentService) private readonly consent: ConsentService,
    @Inject(Pseudonymizer) private readonly pseudonymizer: Pseudonymizer,
    @Inject(MetricsService) private readonly metrics: MetricsService,
    @Inject(ErasureSteps) private readonly steps: ErasureSteps,
    @Inject(EventBus) private readonly events: EventBus,
  ) {
    this.kinds = new Map([
      [config.TOPIC_HRV, 'hrv'],
      [config.TOPIC_SLEEP, 'sleep'],
    ]);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.INGEST_ENABLED) return;
    await this.consent.ready;
    this.consumer = new ReadingsConsumer(this.kafka, {
      groupId: this.config.KAFKA_GROUP_ID,
      topics: [...this.kinds.keys()],
      concurrency: this.config.INGEST_CONCURRENCY,
      fetchBytesPerPartition: this.config.INGEST_FETCH_BYTES,
      memoryBudgetBytes: this.config.INGEST_MEMORY_BUDGET_BYTES,
    });
    // A batch consent-checked here just before an erasure can reach InfluxDB just after its first
    // delete: the erasure's sweep comes only after the batches in flight here are done.
    this.steps.register('settle', async () => {
      await Promise.allSettled([...this.inFlight]);
    });
    this.metrics.watchHeldBytes(this.consumer.held);
    await this.consumer.start({
      prepare: (records) => this.prepare(records),
      store: (batch) => this.track(this.store(batch)),
    });
    this.log.log('ingest consumer started');
  }

  private readonly inFlight = new Set<Promise<void>>();

  private track(batch: Promise<void>): Promise<void> {
    this.inFlight.add(batch);
    return batch.finally(() => this.inFlight.delete(batch));
  }

  /** Decode, validate, consent-gate, pseudonymize: CPU only, possibly while the batch before is stored. */
  prepare(records: RawRecord[]): PreparedBatch {
    const consentVersion = this.consent.view.version;
    const out = processBatch(records, {
      kindOf: (topic) => this.kinds.get(topic),
      consents: (subjectId) => this.consent.view.allows(subjectId, 'ingest'),
      pid: (subjectId) => this.pseudonymizer.pid(subjectId),
      nowMs: Date.now(),
      maxBytes: this.config.INGEST_MAX_MESSAGE_BYTES,
      maxFutureMs: this.config.INGEST_MAX_FUTURE_MS,
    });
    return { records, out, consentVersion };
  }

  /**
   * Writes, runs the stored hooks, dead-letters. Consent is checked again first if anyone's changed
   * since the batch was prepared: it may have been withdrawn or erased meanwhile.
   */
  async store({ records, out: prepared, consentVersion }: PreparedBatch): Promise<void> {
    const view = this.consent.view;
    const out = consentedSince(prepared, consentVersion, {
      version: view.version,
      allows: (subjectId) => view.allows(subjectId, 'ingest'),
    });
    const end = this.metrics.writeSeconds.startTimer();
    try {
      await this.writer.write(batchLines(out));
    } catch (err) {
      this.metrics.writeFailures.inc();
      if (!(err instanceof WriteRejected)) throw err; // retried until InfluxDB takes it
      // refused for good: retrying would stall the partition for ever, so the batch's readings go
      // to the dead-letter topic with their bytes, to be replayed once the cause is fixed
      this.log.warn(
        `InfluxDB refused a batch of ${out.accepted.length} readings (HTTP ${err.status}): ${err.message.slice(0, 300)}`,
      );
      await this.deadLetter([
        ...out.deadLetters,
        // a Bundle's readings share one record: it is dead-lettered once
        ...[...new Set(out.accepted.map(({ record }) => record))].map((record) => ({
          record,
          error: REFUSED,
        })),
      ]);
      return;
    }
    end();
    const ackedAt = Date.now();
    for (const r of records) this.metrics.latency.observe((ackedAt - r.timestampMs) / 1000);
    await this.events.emit('readings.stored', out.accepted);
    await this.deadLetter(out.deadLetters);
    const stored = storedCounts(out);
    for (const kind of ['hrv', 'sleep'] as const) {
      this.metrics.ingested.inc({ kind }, stored[kind]);
      this.metrics.droppedNoConsent.inc({ kind }, out.droppedNoConsent[kind]);
    }
    for (const [k, lag] of this.consumer?.lag ?? []) {
      const [topic, partition] = k.split(':');
      this.metrics.consumerLag.set({ topic, partition }, lag);
    }
  }

  private async deadLetter(letters: DeadLetter[]): Promise<void> {
    const at = new Date().toISOString();
    const byTopic = new Map<string, DeadLetter[]>();
    for (const l of letters) byTopic.set(l.record.topic, [...(byTopic.get(l.record.topic) ?? []), l]);
    for (const [topic, list] of byTopic) {
      await this.producer.send(
        `${topic}.dlq`,
        list.map((l) => deadLetterRecord(l, at, this.config.INGEST_MAX_MESSAGE_BYTES)),
      );
    }
    // counted once they are safely on the dead-letter topic, so a retried batch is not counted twice
    for (const l of letters)
      this.metrics.rejected.inc({ kind: this.kinds.get(l.record.topic) ?? 'hrv', code: l.error.code });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop(this.config.SHUTDOWN_DEADLINE_MS);
  }
}
