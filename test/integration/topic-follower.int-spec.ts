import { TopicFollower } from '../../src/kafka/kafka.topic-follower';
import { makeTestEnv, produce, type TestEnv, teardown } from '../support/harness';

/**
 * The read barrier the inbox relies on when a person's warnings move to this instance: once
 * `catchUp()` resolves, every record on the topic at the call has been handled (real Kafka).
 */
describe('TopicFollower.catchUp (real Kafka)', () => {
  let t: TestEnv;
  let follower: TopicFollower | undefined;

  beforeAll(async () => {
    t = await makeTestEnv('follower', 3);
  });
  afterAll(async () => {
    await follower?.stop();
    await teardown(t, []);
  });

  it('has handled every record written before the call once it resolves', async () => {
    const topic = t.env.TOPIC_INBOX!;
    const seen = new Map<string, string | null>();
    follower = new TopicFollower(t.kafka, topic, TopicFollower.group(t.prefix, 'follower'), 64 * 1024);
    await follower.start((key, value) => {
      seen.set(key, value?.toString('utf8') ?? null);
    });
    await follower.caughtUp;
    for (let round = 0; round < 3; round++) {
      // enough that the follower is still fetching when produce returns (64 KiB per fetch)
      const records = Array.from({ length: 3_000 }, (_, i) => ({
        key: `p-${i}`,
        value: `round ${round} ${'x'.repeat(200)}`,
      }));
      await produce(t, topic, records);
      await follower.catchUp();
      const behind = records.filter((r) => seen.get(r.key) !== r.value);
      expect(behind.length).toBe(0);
    }
  });

  it('throws with a code when the records cannot be read in time', async () => {
    const stopped = new TopicFollower(t.kafka, t.env.TOPIC_TRENDS_STATE!, TopicFollower.group(t.prefix, 'x'));
    // never started: nothing is read, so records already on the topic keep it behind
    await produce(t, t.env.TOPIC_TRENDS_STATE!, [{ key: 'k', value: 'v' }]);
    try {
      await expect(stopped.catchUp(300)).rejects.toMatchObject({ code: 'FOLLOWER_BEHIND' });
    } finally {
      await stopped.stop(); // catchUp connected an admin
    }
  });
});
