import { join } from 'node:path';
import { loadStackEnv } from '../../scripts/lib/stack-env';
import { startContainerStack } from './containers';

/**
 * Integration tests run against real servers. RESPITE_TEST_STACK=containers: Kafka and InfluxDB
 * are started here as containers through testcontainers (test/support/containers.ts) and stopped
 * by global-teardown.ts. Otherwise (the default, `native`): servers named by KAFKA_BROKERS /
 * INFLUX_URL / INFLUX_TOKEN in the environment, or the local stack whose settings
 * `npm run stack:up` wrote to .env.stack. Jest workers inherit what is set here.
 */
export default async function globalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const mode = process.env.RESPITE_TEST_STACK ?? 'native';
  if (mode === 'containers') {
    const stack = await startContainerStack(root);
    (globalThis as { respiteContainers?: unknown }).respiteContainers = stack.containers;
    Object.assign(process.env, stack.env);
  } else if (mode === 'native') {
    Object.assign(process.env, loadStackEnv(root));
  } else {
    throw new Error(`RESPITE_TEST_STACK must be native or containers, not ${mode}`);
  }
}
