// How much of a bucket sits in influxd's write caches (its /metrics, storage_cache_inuse_bytes per
// shard): an InfluxQL delete lists and sorts every key of the cache of each shard that holds the
// person, so an erasure's cost follows these bytes (README, Scale: erasure).

/** The bytes in the write caches of the bucket's shards (0: every cache snapshotted to TSM files). */
export async function cacheBytes(influxUrl: string, bucketId: string): Promise<number> {
  const text = await (await fetch(`${influxUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('storage_cache_inuse_bytes{') && line.includes(`bucket="${bucketId}"`))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Waits until influxd has snapshotted every cache of the bucket; resolves to the ms it took. */
export async function untilCachesSnapshotted(
  influxUrl: string,
  bucketId: string,
  maxMs = 1_800_000,
): Promise<number> {
  const t0 = Date.now();
  while ((await cacheBytes(influxUrl, bucketId)) > 0) {
    if (Date.now() - t0 > maxMs)
      throw new Error(`caches of bucket ${bucketId} not snapshotted in ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  return Date.now() - t0;
}
