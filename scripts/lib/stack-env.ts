import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** process.env completed with the settings `npm run stack:up` wrote to .env.stack. */
export function loadStackEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const file = join(root, '.env.stack');
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (m?.[1] && m[2] !== undefined && env[m[1]] === undefined) env[m[1]] = m[2];
    }
  }
  for (const k of ['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_TOKEN']) {
    if (!env[k]) throw new Error(`${k} is not set: run \`npm run stack:up\` first`);
  }
  return env;
}
