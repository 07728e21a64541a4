import { randomUUID } from 'node:crypto';
import { InfluxDB } from '@influxdata/influxdb-client';
import { BucketsAPI, OrgsAPI } from '@influxdata/influxdb-client-apis';

export interface OwnBucket {
  name: string;
  id: string;
  /** Writes line-protocol lines (millisecond timestamps) and waits for InfluxDB to accept them. */
  write: (lines: string[]) => Promise<void>;
  drop: () => Promise<void>;
}

/** A bucket of the test's own on the shared InfluxDB, so that no other suite's points are touched. */
export async function ownBucket(env: NodeJS.ProcessEnv, label: string): Promise<OwnBucket> {
  const influx = new InfluxDB({ url: env.INFLUX_URL!, token: env.INFLUX_TOKEN! });
  const org = env.INFLUX_ORG ?? 'respite';
  const { orgs } = await new OrgsAPI(influx).getOrgs({ org });
  const name = `t-${label}-${randomUUID().slice(0, 8)}`;
  const buckets = new BucketsAPI(influx);
  const bucket = await buckets.postBuckets({ body: { orgID: orgs![0]!.id!, name, retentionRules: [] } });
  return {
    name,
    id: bucket.id!,
    write: async (lines) => {
      const api = influx.getWriteApi(org, name, 'ms');
      api.writeRecords(lines);
      await api.close();
    },
    drop: () => buckets.deleteBucketsID({ bucketID: bucket.id! }),
  };
}
