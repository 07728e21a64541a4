import { type Admin, Kafka, logLevel } from 'kafkajs';
import { brokers, eventually, makeTestEnv } from '../support/harness';
import KafkaTestEnvironment from '../support/kafka-environment';
import { TopicLedger } from '../support/topic-ledger';

/** The ledger of this very file, which the environment running it empties when the file ends. */
const fileLedger = () => (globalThis as { respiteTopicLedger?: TopicLedger }).respiteTopicLedger;

/** An environment as jest makes one for a test file (the options jest would pass, all default). */
const newEnvironment = () =>
  new KafkaTestEnvironment(
    { globalConfig: {}, projectConfig: { testEnvironmentOptions: {}, globals: {} } } as never,
    { console, docblockPragmas: {}, testPath: __filename },
  );

describe('the topics a test file made are deleted when it ends (real Kafka)', () => {
  let admin: Admin;
  const listed = async (prefix: string) =>
    (await admin.listTopics()).filter((t) => t.startsWith(prefix)).sort();

  beforeAll(async () => {
    admin = new Kafka({
      clientId: 'respite-test-cleanup-check',
      brokers: brokers(),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('the harness hands every topic it creates to the running file’s ledger', async () => {
    const t = await makeTestEnv('cleanup');
    await t.producer.disconnect();
    expect(t.topics.length).toBeGreaterThan(5);
    expect(await listed(t.prefix)).toEqual([...t.topics].sort());
    expect(fileLedger()?.topics()).toEqual(expect.arrayContaining(t.topics));
  });

  it('the environment’s teardown deletes the recorded topics by name; a topic of another prefix stays', async () => {
    const t = await makeTestEnv('cleanup');
    await t.producer.disconnect();
    // starts like t's topics (a pattern or prefix delete would take it) but was not recorded
    const other = `${t.prefix}x.other`;
    fileLedger()?.record(brokers(), [other]); // this file's own end removes it
    // not waitForLeaders: kafkajs retries only "leader not available", and a broker that has not
    // applied the new topic yet answers "unknown topic" to the metadata request right after it
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: other, numPartitions: 1 }] });
    await eventually(
      () => listed(t.prefix),
      (topics) => topics.includes(other),
    );
    expect(await listed(t.prefix)).toEqual([...t.topics, other].sort());

    const env = newEnvironment();
    env.ledger.record(brokers(), t.topics);
    await env.teardown();

    // gone at once: teardown waits until the broker no longer lists them
    expect(await listed(t.prefix)).toEqual([other]);
  });

  it('gives up on an unreachable broker within its time, reporting what is left, without throwing', async () => {
    const ledger = new TopicLedger();
    ledger.record(['127.0.0.1:1'], ['t-cleanup-unreachable.hrv']);
    const started = Date.now();
    await expect(ledger.deleteAll(2_000)).resolves.toEqual(['t-cleanup-unreachable.hrv']);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
