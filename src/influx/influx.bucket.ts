// The bucket's shard groups (#21). InfluxDB creates a bucket kept for ever with shard groups of
// 7 days, and a read of one person costs it a cursor per field and per shard: 60 nights span 9–10
// shards. With 28-day groups they span 3–4, and the nights read, the trends' reads and an
// erasure's delete (which visits every shard) cost influxd less (README, "Scale"). Retention is
// Respite's own delete by measurement and time, so longer groups keep nothing longer.
// Groups already written keep their duration; new ones take the bucket's setting.
import { Logger } from '@nestjs/common';
import type { InfluxSettings } from './influx.client';

const DAY_S = 86_400;

export interface RetentionRule {
  type: 'expire';
  everySeconds: number;
  shardGroupDurationSeconds?: number;
}

/**
 * The bucket's retention rules with shard groups of `days`, or null when nothing is to change:
 * already so, `days` 0 (leave the bucket as its operator set it), or a bucket that expires its
 * points sooner than one group would last (InfluxDB drops whole groups; the operator chose that).
 */
export function shardGroupRules(current: readonly RetentionRule[], days: number): RetentionRule[] | null {
  if (days === 0) return null;
  const want = days * DAY_S;
  const rule = current.find((r) => r.type === 'expire');
  const every = rule?.everySeconds ?? 0;
  if (every > 0 && every < want) return null;
  if (rule?.shardGroupDurationSeconds === want) return null;
  return [{ type: 'expire', everySeconds: every, shardGroupDurationSeconds: want }];
}

/**
 * Sets the bucket's shard groups to `days` if they differ. Never fails the start: a token that may
 * not read or update the bucket, or an InfluxDB not up yet, leaves a warning and the bucket as it is.
 */
export async function ensureShardGroups(s: InfluxSettings, days: number, log = new Logger('InfluxBucket')) {
  if (days === 0) return 'left as it is';
  const headers = { Authorization: `Token ${s.INFLUX_TOKEN}`, 'Content-Type': 'application/json' };
  const signal = () => AbortSignal.timeout(10_000);
  try {
    const url = new URL('/api/v2/buckets', s.INFLUX_URL);
    url.searchParams.set('org', s.INFLUX_ORG);
    url.searchParams.set('name', s.INFLUX_BUCKET);
    const got = await fetch(url, { headers, signal: signal() });
    if (!got.ok) throw new Error(`reading the bucket: HTTP ${got.status} ${await got.text()}`);
    const bucket = ((await got.json()) as { buckets?: { id: string; retentionRules: RetentionRule[] }[] })
      .buckets?.[0];
    if (!bucket) throw new Error(`no bucket ${s.INFLUX_BUCKET} in org ${s.INFLUX_ORG}`);
    const rules = shardGroupRules(bucket.retentionRules, days);
    if (!rules) return 'unchanged';
    const patched = await fetch(new URL(`/api/v2/buckets/${bucket.id}`, s.INFLUX_URL), {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ retentionRules: rules }),
      signal: signal(),
    });
    if (!patched.ok) throw new Error(`updating the bucket: HTTP ${patched.status} ${await patched.text()}`);
    log.log(`bucket ${s.INFLUX_BUCKET}: new shard groups last ${days} days`);
    return 'set';
  } catch (err) {
    log.warn(`bucket ${s.INFLUX_BUCKET}: shard groups left as they are (${(err as Error).message})`);
    return 'failed';
  }
}
