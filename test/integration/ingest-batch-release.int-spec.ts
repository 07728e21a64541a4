import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EachBatchPayload } from 'kafkajs';
import { ReadingsConsumer } from '../../src/kafka/kafka.readings-consumer';
import { eventually, makeTestEnv, type TestEnv } from '../support/harness';

// a full collection on demand, in this process (jest runs the file in a vm context of its own)
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether the object is gone after full collections. Each try in a job of its own: a WeakRef keeps
 * what it gave out alive until the job ends.
 */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 10; i++) {
    await sleep(100);
    gc();
    if (ref.deref() === undefined) return true;
  }
  return false;
}

describe('the ingest consumer against a real Kafka', () => {
  let t: TestEnv;
  let consumer: ReadingsConsumer | undefined;
  // the stalled store's release, also when an assertion fails first (so that stop() is not kept waiting)
  let release = () => {};

  beforeAll(async () => {
    t = await makeTestEnv('release', 1);
  });
  afterAll(async () => {
    release();
    await consumer?.stop(5_000);
    await t.producer.disconnect();
  });

  it("lets go of kafkajs' message objects while the batch waits for InfluxDB, and commits it after", async () => {
    const topic = t.env.TOPIC_HRV!;
    const groupId = `${t.prefix}-release`;
    const value = (i: number) => JSON.stringify({ i, pad: 'x'.repeat(200) });
    await t.producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: 300 }, (_, i) => ({ key: `p${i % 7}`, value: value(i) })),
    });
    consumer = new ReadingsConsumer(t.kafka, {
      groupId,
      topics: [topic],
      fetchBytesPerPartition: 1 << 20,
      memoryBudgetBytes: 8 << 20,
    });
    // kafkajs' first message object of every batch, watched without keeping it alive
    const firsts: WeakRef<object>[] = [];
    const spied = consumer as unknown as { onBatch: (p: EachBatchPayload, h: unknown) => Promise<void> };
    const onBatch = spied.onBatch.bind(consumer);
    spied.onBatch = (p, h) => {
      if (p.batch.messages[0]) firsts.push(new WeakRef(p.batch.messages[0]));
      return onBatch(p, h);
    };
    // InfluxDB "slow": the first store waits until released
    const acknowledged = new Promise<void>((r) => {
      release = r;
    });
    const stored: number[] = [];
    await consumer.start({
      prepare: (records) => records.map((r) => r.value!.length),
      store: async (lengths) => {
        stored.push(lengths.length);
        await acknowledged;
      },
    });
    await eventually(
      async () => stored.length,
      (n) => n === 1,
      60_000,
    );
    // a later batch: kafkajs is past the first one's fetch, and the consumer's hooks (which share a
    // scope with the batch they came with) are the later batch's
    await t.producer.send({ topic, acks: -1, messages: [{ key: 'p0', value: value(300) }] });
    await eventually(
      async () => firsts.length,
      (n) => n >= 2,
      60_000,
    );
    await sleep(500);

    expect(stored).toEqual([300]); // the first batch is still waiting for its acknowledgement
    expect(await collected(firsts[0]!)).toBe(true);

    release();
    await eventually(
      async () => stored.reduce((a, b) => a + b, 0),
      (n) => n === 301,
      60_000,
    );
    const admin = t.kafka.admin();
    await admin.connect();
    try {
      const committed = await eventually(
        async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset,
        (offset) => offset === '301',
        30_000,
      );
      expect(committed).toBe('301');
    } finally {
      await admin.disconnect();
    }
    // every job done: the consumer no longer reaches the latest batch either
    expect(await collected(firsts[firsts.length - 1]!)).toBe(true);
  }, 180_000);
});
