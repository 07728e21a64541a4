import { Logger } from '@nestjs/common';
import type { Batch, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
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
  /** kafkajs' runner hooks, from the latest batch (see onBatch). */
  private hooks?: Pick<EachBatchPayload, 'heartbeat' | 'isRunning'>;

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
    if (payload.batch.messages.length === 0) return;
    // kafkajs' hooks are its runner's, the same for every batch: the latest payload's serve every job.
    // They share a scope with that batch, so it stays reachable until a later batch or the last job ends.
    this.hooks = { heartbeat: payload.heartbeat, isRunning: payload.isRunning };
    const job = takeBatch(payload.batch);
    // lets kafkajs fetch past this batch; committing still waits for the handler
    payload.resolveOffset(job.last);
    await this.handOver(job, handler);
  }

  /**
   * Prepares the batch, chains its job in its lane and waits until the next fetch fits. Apart from
   * `onBatch`, so that the job's closures cannot reach kafkajs' batch: its message objects (~200
   * bytes each, beside the records) go once kafkajs has moved past its fetch and a later batch has
   * replaced the hooks, not when InfluxDB acknowledges the batch (#21).
   */
  private async handOver<T>(job: BatchJob, handler: BatchHandler<T>): Promise<void> {
    const lane = laneOf(job);
    const { bytes, records } = job;
    this.held.hold(lane, bytes);
    const previous = this.lanes.get(lane) ?? Promise.resolve();
    const epoch = this.epoch;
    // decoded now, while the batch before it is being written; a failure here is retried in the job
    let prepared: { value: T } | undefined;
    try {
      prepared = { value: handler.prepare(records) };
    } catch {
      prepared = undefined;
    }
    const done = previous.then(() => this.runJob(job, epoch, handler, prepared));
    this.lanes.set(lane, done);
    this.jobs.add(done);
    void done
      .catch((err: unknown) => this.log.error(`batch ${lane} failed: ${String(err)}`))
      .finally(() => {
        this.held.release(lane, bytes);
        this.jobs.delete(done);
        if (this.lanes.get(lane) === done) this.lanes.delete(lane);
        // no job left to heartbeat for: the hooks (and the batch they reach) can go
        if (this.jobs.size === 0) this.hooks = undefined;
      });
    // no further fetch until it fits: at most one batch waits behind the one being written, per lane
    await this.held.untilMayFetch(lane);
  }

  private async runJob<T>(
    job: BatchJob,
    epoch: number,
    handler: BatchHandler<T>,
    early: { value: T } | undefined,
  ): Promise<void> {
    const { topic, partition, records, last } = job;
    const heartbeat = () => this.hooks?.heartbeat() ?? Promise.resolve();
    const current = () => epoch === this.epoch && this.hooks?.isRunning() === true;
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
        this.log.warn(`batch ${topic}[${partition}] failed, retrying in ${wait} ms: ${String(err)}`);
        await sleepWithHeartbeat(wait, heartbeat);
        wait = Math.min(max, wait * 2);
        prepared = undefined; // prepared again: consent may have changed meanwhile
      }
    }
    if (!current()) return;
    try {
      await this.consumer?.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      this.lag.set(laneOf(job), job.lag);
      await heartbeat();
    } catch (err) {
      // a rebalance under way: the next owner starts from the last commit that went through
      this.log.warn(`commit ${topic}[${partition}] failed: ${String(err)}`);
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

/** A batch as its job holds it: the records, where they are, and no kafkajs object. */
interface BatchJob {
  topic: string;
  partition: number;
  records: RawRecord[];
  /** Record bytes (key + value): what the batch holds of the memory budget. */
  bytes: number;
  /** The batch's last offset: what is committed (+ 1) once it is stored. */
  last: string;
  /** Records after the batch when it was fetched (kafkajs' offsetLag). */
  lag: number;
}

/** A partition's lane (and lag metric) key, `topic:partition`. */
const laneOf = ({ topic, partition }: Pick<BatchJob, 'topic' | 'partition'>) => `${topic}:${partition}`;

/** The records of a kafkajs batch, copied out of its message objects. */
function takeBatch(batch: Batch): BatchJob {
  const { topic, partition, messages } = batch;
  const records: RawRecord[] = [];
  let bytes = 0;
  for (const m of messages) {
    const k = m.key ?? null;
    const value = m.value ?? null;
    records.push({ topic, partition, offset: m.offset, key: k, value, timestampMs: Number(m.timestamp) });
    bytes += (k?.length ?? 0) + (value?.length ?? 0);
  }
  const last = batch.lastOffset();
  return {
    topic,
    partition,
    records,
    bytes,
    last,
    lag: Number(batch.offsetLag()),
  };
}

async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(1_000, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
