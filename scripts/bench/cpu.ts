// CPU time per contender and per server, so that a run says where the two cores went, not only how
// fast it was. Linux only: reads utime + stime from /proc/<pid>/stat (clock ticks of 1/100 s).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may contain spaces) start at ") "
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * The native stack's server pids (`.stack/*.pid`), when the stack runs natively;
 * `RESPITE_STACK_DIR` names another checkout's `.stack` when the servers were started from there.
 */
export function serverPids(root: string): Record<'influxd' | 'kafka', number | undefined> {
  const dir = process.env.RESPITE_STACK_DIR ?? join(root, '.stack');
  const read = (name: string) => {
    try {
      return Number(readFileSync(join(dir, `${name}.pid`), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };
  return { influxd: read('influxd'), kafka: read('kafka') };
}

export interface CpuShare {
  /** CPU milliseconds per 1,000 readings, by process. */
  contenderMs: number;
  influxdMs: number;
  kafkaMs: number;
}

/** Starts counting; `stop(readings)` gives CPU ms per 1,000 readings of the contender and servers. */
export function cpuMeter(root: string, contender: () => number): { stop(readings: number): CpuShare } {
  const pids = serverPids(root);
  const at = { c: contender(), i: cpuSeconds(pids.influxd), k: cpuSeconds(pids.kafka) };
  return {
    stop(readings) {
      const per = (s: number) => Math.round((s * 1e9) / readings) / 1000;
      return {
        contenderMs: per(contender() - at.c),
        influxdMs: per(cpuSeconds(pids.influxd) - at.i),
        kafkaMs: per(cpuSeconds(pids.kafka) - at.k),
      };
    },
  };
}

/** This process's own CPU seconds (for the in-process contenders). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Waits until influxd is quiet (under 5% of a core for 2 s in a row, at most `maxMs`): its
 * compactions of one contender's points must not be charged to the next contender.
 */
export async function settle(root: string, maxMs = 90_000): Promise<number> {
  const pid = serverPids(root).influxd;
  if (!pid) return 0;
  const t0 = Date.now();
  let quiet = 0;
  let last = cpuSeconds(pid);
  while (quiet < 2 && Date.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = cpuSeconds(pid);
    quiet = now - last < 0.05 ? quiet + 1 : 0;
    last = now;
  }
  return Date.now() - t0;
}
