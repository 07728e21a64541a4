import type { Kafka } from 'kafkajs';

/** Messages in `topics` not yet committed by `groupId` (the whole backlog before its first commit). */
export async function groupLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0;
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const t of committed) {
      const ends = await admin.fetchTopicOffsets(t.topic);
      for (const p of ends) {
        const c = t.partitions.find((x) => x.partition === p.partition)?.offset ?? '-1';
        const start = BigInt(c) < 0n ? BigInt(p.low) : BigInt(c);
        lag += Number(BigInt(p.high) - start);
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** Peak resident set size of a process, in MiB (Linux). */
export async function peakRssMb(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  try {
    const { readFile } = await import('node:fs/promises');
    const m = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
