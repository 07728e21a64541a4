import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The V8 flags the service runs with everywhere (package.json config.nodeFlags: `npm start`, the
 * image's CMD, and here, so the tests and the bench measure the service as it is deployed).
 */
export function serviceNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    config: { nodeFlags: string };
  };
  return pkg.config.nodeFlags.split(' ').filter(Boolean);
}

/** The service as a separate OS process, so that tests can kill -9 it or send SIGTERM. */
export class ServiceProcess {
  private child?: ChildProcess;
  /** stdout and stderr as they came. */
  readonly output: string[] = [];
  /** stdout alone: the service's JSON log lines. */
  readonly stdout: string[] = [];
  port = 0;

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** `entry`: the script to run instead of src/main.ts (it must start the service the same way). */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly entry = join(root, 'src', 'main.ts'),
  ) {}

  async start(readyTimeoutMs = 90_000): Promise<void> {
    this.port = await freePort();
    // e.g. RESPITE_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service
    const extra = (process.env.RESPITE_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    // a compiled entry (dist/main.js, as the image runs it) needs no TypeScript loader
    const loader = this.entry.endsWith('.js') ? [] : ['--import', 'tsx'];
    this.child = spawn(process.execPath, [...serviceNodeFlags(), ...extra, ...loader, this.entry], {
      cwd: root,
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => {
      this.output.push(d.toString('utf8'));
      this.stdout.push(d.toString('utf8'));
    });
    this.child.stderr?.on('data', (d: Buffer) => this.output.push(d.toString('utf8')));
    await this.waitReady(readyTimeoutMs);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.child?.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`service exited early:\n${this.output.join('')}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/health/ready`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`service not ready within ${timeoutMs} ms:\n${this.output.join('')}`);
  }

  async metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) if (line.startsWith(name)) sum += Number(line.split(' ').pop());
    return sum;
  }

  /** Sends a signal and waits for the process to end; returns how long that took. */
  async kill(signal: NodeJS.Signals): Promise<{ ms: number; code: number | null }> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return { ms: 0, code: child?.exitCode ?? null };
    const t0 = Date.now();
    const ended = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const code = await ended;
    return { ms: Date.now() - t0, code };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
