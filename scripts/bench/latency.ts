// Latency from produce to durable write, under a steady load below saturation: readings are produced
// at a fixed rate while Respite runs, and the quantiles come from the service's own histogram
// (respite_ingest_latency_seconds: InfluxDB acknowledgement time minus the Kafka record timestamp).
import type { Producer } from 'kafkajs';
import type { ServiceProcess } from '../../test/support/service-process';
import type { BenchMessage } from './dataset';
import { progress } from './progress';

const METRIC = 'respite_ingest_latency_seconds';

export async function latencyPhase(
  svc: ServiceProcess,
  producer: Producer,
  messages: BenchMessage[],
  topics: { hrv: string; sleep: string },
  count: number,
  perSecond = 2_000,
): Promise<{ p50Ms?: number; p99Ms?: number }> {
  const before = await buckets(svc);
  const tick = 100;
  const perTick = Math.max(1, Math.round((perSecond * tick) / 1000));
  for (let sent = 0; sent < count; sent += perTick) {
    const t0 = Date.now();
    const chunk = messages.slice(sent, Math.min(count, sent + perTick));
    await producer.sendBatch({
      topicMessages: (['hrv', 'sleep'] as const).map((k) => ({
        topic: topics[k],
        messages: chunk.filter((m) => m.topic === k).map((m) => ({ key: m.key, value: m.value })),
      })),
    });
    progress('latency (paced)', Math.min(count, sent + perTick), count, `${perSecond}/s`);
    await new Promise((r) => setTimeout(r, Math.max(0, tick - (Date.now() - t0))));
  }
  await new Promise((r) => setTimeout(r, 3_000));
  const after = await buckets(svc);
  const delta = after.map(([le, c], i) => [le, c - (before[i]?.[1] ?? 0)] as [number, number]);
  return { p50Ms: quantile(delta, 0.5), p99Ms: quantile(delta, 0.99) };
}

async function buckets(svc: ServiceProcess): Promise<[number, number][]> {
  const text = await (await fetch(`http://127.0.0.1:${svc.port}/metrics`)).text();
  const out: [number, number][] = [];
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${METRIC}_bucket\\{le="([^"]+)"\\} (\\d+)`).exec(line);
    if (m) out.push([m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2])]);
  }
  return out;
}

/** Quantile from cumulative histogram buckets, interpolating linearly inside a bucket; in ms. */
export function quantile(cumulative: [number, number][], q: number): number | undefined {
  const total = cumulative.at(-1)?.[1] ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const [le, count] of cumulative) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return Math.round(prevLe * 1000);
      const frac = count === prevCount ? 1 : (rank - prevCount) / (count - prevCount);
      return Math.round((prevLe + frac * (le - prevLe)) * 1000);
    }
    prevLe = le;
    prevCount = count;
  }
  return undefined;
}
