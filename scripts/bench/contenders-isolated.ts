// The in-process contenders run in a child process each, so that every contender's peak RSS is
// measured alike: the process's own VmHWM.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildSpec } from './contender-child';
import type { Result } from './contenders';
import type { BenchMessage } from './dataset';

function inChild(spec: ChildSpec): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', join(__dirname, 'contender-child.ts')],
      { env: { ...process.env, BENCH_CHILD: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as Result);
      else reject(new Error(`${spec.kind} contender exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

export function bareConsumerProcess(
  brokers: string[],
  topics: string[],
  groupId: string,
  n: number,
  root: string,
): Promise<Result> {
  return inChild({ kind: 'bare', brokers, topics, groupId, n, root });
}

export async function rawWritesProcess(
  messages: BenchMessage[],
  env: NodeJS.ProcessEnv,
  topics: { hrv: string; sleep: string },
  root: string,
): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'respite-bench-'));
  const file = join(dir, 'messages.jsonl');
  try {
    const fd = openSync(file, 'w');
    for (let i = 0; i < messages.length; i += 10_000)
      writeSync(
        fd,
        `${messages
          .slice(i, i + 10_000)
          .map((m) => JSON.stringify(m))
          .join('\n')}\n`,
      );
    closeSync(fd);
    const r = await inChild({ kind: 'raw', file, topics, env, root });
    return { ...r, note: `${r.note ?? ''}; its peak RSS includes every line, made beforehand` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
