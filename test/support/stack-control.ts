import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Stops the real InfluxDB server of the local stack (native or compose). */
export function stopInflux(): void {
  execFileSync('bash', [join(root, 'scripts/stack/down.sh'), 'influxd'], { cwd: root, stdio: 'inherit' });
}

/** Starts it again with the same data; up.sh is idempotent and leaves Kafka alone. */
export function startInflux(): void {
  execFileSync('bash', [join(root, 'scripts/stack/up.sh')], { cwd: root, stdio: 'inherit' });
}
