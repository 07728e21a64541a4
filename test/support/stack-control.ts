import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
/** Set by global-setup.ts when InfluxDB runs as a container (RESPITE_TEST_STACK=containers). */
const container = () => process.env.RESPITE_INFLUX_CONTAINER;
/** The same for Kafka. */
const kafkaContainer = () => process.env.RESPITE_KAFKA_CONTAINER;

/** Stops the real InfluxDB server of the local stack (native or compose) or the tests' container. */
export function stopInflux(): void {
  const name = container();
  if (name) execFileSync('docker', ['stop', '-t', '10', name], { stdio: 'inherit' });
  else
    execFileSync('bash', [join(root, 'scripts/stack/down.sh'), 'influxd'], { cwd: root, stdio: 'inherit' });
}

/** Starts it again with the same data; up.sh is idempotent and leaves Kafka alone. */
export function startInflux(): void {
  const name = container();
  if (!name) {
    execFileSync('bash', [join(root, 'scripts/stack/up.sh')], { cwd: root, stdio: 'inherit' });
    return;
  }
  execFileSync('docker', ['start', name], { stdio: 'inherit' });
  // the same readiness signal global-setup waits for
  for (let i = 0; ; i++) {
    try {
      execFileSync('docker', ['exec', name, 'influx', 'ping'], { stdio: 'ignore' });
      return;
    } catch (e) {
      if (i >= 240) throw e;
      execFileSync('sleep', ['0.5']);
    }
  }
}

/** Stops the real Kafka broker of the local stack (native or compose) or the tests' container. */
export function stopKafka(): void {
  const name = kafkaContainer();
  if (name) execFileSync('docker', ['stop', '-t', '30', name], { stdio: 'inherit' });
  else execFileSync('bash', [join(root, 'scripts/stack/down.sh'), 'kafka'], { cwd: root, stdio: 'inherit' });
}

/** Starts it again with the same data (and waits for its port); up.sh leaves InfluxDB alone. */
export function startKafka(): void {
  const name = kafkaContainer();
  if (!name) {
    execFileSync('bash', [join(root, 'scripts/stack/up.sh')], { cwd: root, stdio: 'inherit' });
    return;
  }
  execFileSync('docker', ['start', name], { stdio: 'inherit' });
  const port = (process.env.KAFKA_BROKERS ?? '').split(':').pop();
  execFileSync('bash', [
    '-c',
    `for i in $(seq 1 240); do (exec 3<>/dev/tcp/127.0.0.1/${port}) 2>/dev/null && exit 0; sleep 0.5; done; exit 1`,
  ]);
}

/**
 * Freezes InfluxDB without stopping it (SIGSTOP, or `docker pause`): connections stay open and
 * requests hang, as with an overloaded server, rather than being refused.
 */
export function pauseInflux(): void {
  const name = container();
  if (name) execFileSync('docker', ['pause', name], { stdio: 'inherit' });
  else process.kill(influxdPid(), 'SIGSTOP');
}

export function resumeInflux(): void {
  const name = container();
  if (name) execFileSync('docker', ['unpause', name], { stdio: 'inherit' });
  else process.kill(influxdPid(), 'SIGCONT');
}

function influxdPid(): number {
  const dir = process.env.RESPITE_STACK_DIR ?? join(root, '.stack');
  return Number(readFileSync(join(dir, 'influxd.pid'), 'utf8').trim());
}
