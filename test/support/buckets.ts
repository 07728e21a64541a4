import { randomUUID } from 'node:crypto';
import { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI, OrgsAPI } from '@influxdata/influxdb-client-apis';
import type { InfluxSettings } from '../../src/influx/influx.client';

export interface OwnBucket {
  name: string;
  id: string;
  /** The service's InfluxDB settings with this bucket (writes' timeout 30 s). */
  settings: InfluxSettings;
  /** Writes line-protocol lines (millisecond timestamps) and waits for InfluxDB to accept them. */
  write: (lines: string[]) => Promise<void>;
  drop: () => Promise<void>;
}

/** A bucket of the test's own on the shared InfluxDB, so that no other suite's points are touched. */
export async function ownBucket(
  env: NodeJS.ProcessEnv,
  label: string,
  opts: { shardGroupDays?: number } = {},
): Promise<OwnBucket> {
  const influx = new InfluxDB({ url: env.INFLUX_URL!, token: env.INFLUX_TOKEN! });
  const org = env.INFLUX_ORG ?? 'respite';
  const { orgs } = await new OrgsAPI(influx).getOrgs({ org });
  const name = `t-${label}-${randomUUID().slice(0, 8)}`;
  const buckets = new BucketsAPI(influx);
  // kept for ever, as the service's bucket (retention deletes by measurement); shard groups
  // InfluxDB's default (7 days) unless a benchmark asks for others
  const sg = (opts.shardGroupDays ?? 0) * 86_400;
  const retentionRules =
    sg > 0 ? [{ type: 'expire' as const, everySeconds: 0, shardGroupDurationSeconds: sg }] : [];
  const bucket = await buckets.postBuckets({ body: { orgID: orgs![0]!.id!, name, retentionRules } });
  return {
    name,
    id: bucket.id!,
    settings: {
      INFLUX_URL: env.INFLUX_URL!,
      INFLUX_TOKEN: env.INFLUX_TOKEN!,
      INFLUX_ORG: org,
      INFLUX_BUCKET: name,
      INFLUX_WRITE_TIMEOUT_MS: 30_000,
    },
    write: async (lines) => {
      const api = influx.getWriteApi(org, name, 'ms');
      api.writeRecords(lines);
      await api.close();
    },
    drop: () => buckets.deleteBucketsID({ bucketID: bucket.id! }),
  };
}
