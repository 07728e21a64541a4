import { randomUUID } from 'node:crypto';
import { InfluxDB } from '@influxdata/influxdb-client';

/** `perPerson` canonical hrv.v1 readings per subject, one minute apart, each its own identity. */
export function hrvReadings(subjects: string[], perPerson: number, baseMs: number) {
  const out: { key: string; value: string }[] = [];
  for (let j = 0; j < perPerson; j++) {
    for (const subjectId of subjects) {
      out.push({
        key: subjectId,
        value: JSON.stringify({
          schema: 'hrv.v1',
          readingId: randomUUID(),
          subjectId,
          source: 'garmin',
          measuredAt: new Date(baseMs + j * 60_000).toISOString().replace('Z', '+00:00'),
          context: 'rest',
          rmssdMs: 20 + (j % 50),
        }),
      });
    }
  }
  return out;
}

/**
 * `r.pid == "a" or r.pid == "b" ...`: InfluxDB pushes equality on a tag down to its index, while
 * `contains()` reads every series of the measurement first (minutes once the bucket holds many runs).
 */
function pidPredicate(pids: string[]): string {
  return pids.map((p) => `r.pid == ${JSON.stringify(p)}`).join(' or ');
}

/** Distinct points (one per reading identity) of these pids between two instants. */
export async function storedPoints(pids: string[], start: string, stop: string): Promise<number> {
  const influx = new InfluxDB({
    url: process.env.INFLUX_URL!,
    token: process.env.INFLUX_TOKEN!,
    timeout: 60_000,
  });
  const flux = `from(bucket: "${process.env.INFLUX_BUCKET ?? 'wearables'}")
  |> range(start: ${start}, stop: ${stop})
  |> filter(fn: (r) => r._measurement == "hrv" and r._field == "rmssd_ms")
  |> filter(fn: (r) => ${pidPredicate(pids)})
  |> group()
  |> count()`;
  try {
    const rows = await influx
      .getQueryApi(process.env.INFLUX_ORG ?? 'respite')
      .collectRows<{ _value: number }>(flux);
    return rows.reduce((n, r) => n + Number(r._value), 0);
  } catch {
    return -1; // InfluxDB is down or restarting
  }
}
