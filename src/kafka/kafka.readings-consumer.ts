import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { budgetLimits, HeldBytes } from './held-bytes';
import type { BatchHandler, RawRecord } from './kafka.types';

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Partitions processed at once: several InfluxDB writes in flight while each waits for its ack. */
  concurrency?: number;
  /** Bytes fetched per partition at most: what a batch can hold (INGEST_FETCH_BYTES). */
  fetchBytesPerPartition: number;
  /** Record bytes held (fetched, not yet stored and committed) at most, all lanes together. */
  memoryBudgetBytes: number;
  /** Backoff while the handler keeps failing (e.g. InfluxDB down): the batch is retried, never skipped. */
  retryBackoffMs?: { min: number; max: number };
}

/**
 * Consumes batch-wise and commits a partition's offsets only after the handler has finished the
 * whole batch (for ingest: InfluxDB acknowledged the write). While the handler fails, the batch is
 * retried with backoff and the partition goes no further: that is the backpressure. On a rebalance
 * or shutdown the uncommitted batch is left for the next owner, and idempotent writes absorb it.
 *
 * Pipelined: kafkajs fetches again only once every batch of its last fetch was handed over, so
 * each partition gets a lane (a chain of batch jobs, in offset order). A batch is prepared (decoded)
 * as soon as it is fetched and stored once the one before it in its lane has been. It is handed
 * over once the next fetch fits the memory budget (`HeldBytes`): the next fetch and the decoding
 * overlap the writes, and what is held stays within the budget per lane and in total, whatever the
 * number of partitions or the speed of InfluxDB. A lane commits only in order, and after a rebalance (a new
 * epoch) the jobs of the old assignment neither run nor commit: kafkajs fetches again from the
 * committed offsets.
 */
export class ReadingsConsumer {
  private readonly log = new Logger(ReadingsConsumer.name);
  private consumer?: Consumer;
  private stopping = false;
  private epoch = 0;
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly jobs = new Set<Promise<void>>();
  /** Per partition: the last offset of the high watermark seen, for the lag metric. */
  readonly lag = new Map<string, number>();
  readonly held: HeldBytes;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsumerOptions,
  ) {
    this.held = new HeldBytes(budgetLimits(options.memoryBudgetBytes, options.fetchBytesPerPartition));
  }

  async start<T>(handler: BatchHandler<T>): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: this.held.limits.fetchPerLane,
      maxBytes: this.held.limits.fetchTotal,
      maxWaitTimeInMs: 250,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.epoch++;
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency ?? 1,
      eachBatch: (payload) => this.onBatch(payload, handler),
    });
  }

  private async onBatch<T>(payload: EachBatchPayload, handler: BatchHandler<T>): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const records: RawRecord[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ?? null,
      value: m.value ?? null,
      timestampMs: Number(m.timestamp),
    }));
    const key = `${batch.topic}:${batch.partition}`;
    let bytes = 0;
    for (const r of records) bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    this.held.hold(key, bytes);
    const last = batch.lastOffset();
    // lets kafkajs fetch past this batch; committing still waits for the handler
    payload.resolveOffset(last);
    const previous = this.lanes.get(key) ?? Promise.resolve();
    const epoch = this.epoch;
    // decoded now, while the batch before it is being written; a failure here is retried in the job
    let prepared: { value: T } | undefined;
    try {
      prepared = { value: handler.prepare(records) };
    } catch {
      prepared = undefined;
    }
    const job = previous.then(() => this.runJob(payload, records, last, epoch, handler, prepared));
    this.lanes.set(key, job);
    this.jobs.add(job);
    void job
      .catch((err: unknown) => this.log.error(`batch ${key} failed: ${String(err)}`))
      .finally(() => {
        this.held.release(key, bytes);
        this.jobs.delete(job);
        if (this.lanes.get(key) === job) this.lanes.delete(key);
      });
    // no further fetch until it fits: at most one batch waits behind the one being written, per lane
    await this.held.untilMayFetch(key);
  }

  private async runJob<T>(
    payload: EachBatchPayload,
    records: RawRecord[],
    last: string,
    epoch: number,
    handler: BatchHandler<T>,
    early: { value: T } | undefined,
  ): Promise<void> {
    const { batch, heartbeat, isRunning } = payload;
    const current = () => epoch === this.epoch && isRunning();
    if (!current()) return; // a rebalance came first: the batch is fetched again from the committed offset
    const { min, max } = this.options.retryBackoffMs ?? { min: 200, max: 5_000 };
    let wait = min;
    let prepared = early;
    for (;;) {
      try {
        prepared ??= { value: handler.prepare(records) };
        await handler.store(prepared.value);
        break;
      } catch (err) {
        if (!current()) return; // leave it uncommitted for whoever owns it next
        this.log.warn(
          `batch ${batch.topic}[${batch.partition}] failed, retrying in ${wait} ms: ${String(err)}`,
        );
        await sleepWithHeartbeat(wait, heartbeat);
        wait = Math.min(max, wait * 2);
        prepared = undefined; // prepared again: consent may have changed meanwhile
      }
    }
    if (!current()) return;
    try {
      await this.consumer?.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      this.lag.set(`${batch.topic}:${batch.partition}`, Number(batch.offsetLag()));
      await heartbeat();
    } catch (err) {
      // a rebalance under way: the next owner starts from the last commit that went through
      this.log.warn(`commit ${batch.topic}[${batch.partition}] failed: ${String(err)}`);
    }
  }

  /** Stops fetching; the batches handed over finish (and commit) first, within the deadline. */
  async stop(deadlineMs = 25_000): Promise<void> {
    if (!this.consumer || this.stopping) return;
    this.stopping = true;
    const until = Date.now() + deadlineMs;
    await this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    while (this.jobs.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await this.consumer.disconnect();
  }
}

async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(1_000, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
