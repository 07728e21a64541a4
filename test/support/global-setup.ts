import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Integration tests run against real servers: either ones named by KAFKA_BROKERS / INFLUX_URL /
 * INFLUX_TOKEN in the environment, or the local stack whose settings `npm run stack:up` wrote to
 * .env.stack. Jest workers inherit what is set here.
 */
export default async function globalSetup(): Promise<void> {
  const file = join(__dirname, '..', '..', '.env.stack');
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (m?.[1] && m[2] !== undefined && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
    }
  }
  const missing = ['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN'].filter((k) => !process.env[k]);
  if (missing.length > 0) {
    throw new Error(
      `integration tests need real servers: ${missing.join(', ')} unset. Run \`npm run stack:up\` first (npm test does).`,
    );
  }
}
