import { join } from 'node:path';
import { loadStackEnv } from '../../scripts/lib/stack-env';

/**
 * Integration tests run against real servers: either ones named by KAFKA_BROKERS / INFLUX_URL /
 * INFLUX_TOKEN in the environment, or the local stack whose settings `npm run stack:up` wrote to
 * .env.stack. Jest workers inherit what is set here.
 */
export default async function globalSetup(): Promise<void> {
  Object.assign(process.env, loadStackEnv(join(__dirname, '..', '..')));
}
