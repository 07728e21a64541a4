import NodeEnvironment from 'jest-environment-node';
import { TopicLedger } from './topic-ledger';

/**
 * Jest's node environment, plus a ledger of the Kafka topics the test file created
 * (test/support/harness.ts records them there). They are deleted in teardown: after every test and
 * every afterAll of the file, so after its services stopped, whatever order a spec declares its hooks
 * in, and whether its tests passed or not.
 */
export default class KafkaTestEnvironment extends NodeEnvironment {
  readonly ledger = new TopicLedger();

  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    this.global.respiteTopicLedger = this.ledger;
  }

  override async teardown(): Promise<void> {
    try {
      const left = await this.ledger.deleteAll();
      // a warning, not an error: a failed cleanup must not stand in for the file's own results
      if (left.length > 0) process.stderr.write(`could not delete the test topics ${left.join(', ')}\n`);
    } finally {
      await super.teardown();
    }
  }
}
