import type { InfluxDB } from '@influxdata/influxdb-client';
import type { InfluxSettings } from './influx.client';

/**
 * Writes line protocol and resolves only once InfluxDB acknowledged every line (HTTP 204).
 * The client's WriteApi keeps a retry buffer that silently drops the oldest lines when it overflows
 * (influxdb-client-js #425, #547), so each call gets its own WriteApi with retries and buffering
 * off: a failure rejects, and the caller keeps the Kafka batch uncommitted and tries again, unless
 * InfluxDB refused the body for good (`WriteRejected`).
 */
/**
 * InfluxDB refused the body for what it is (HTTP 400: unparsable line; 422: field type conflict,
 * outside retention): sending it again cannot succeed. The valid lines of it may be stored.
 */
export class WriteRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class PointWriter {
  constructor(
    private readonly influx: InfluxDB,
    private readonly s: InfluxSettings,
  ) {}

  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    let failure: Error | undefined;
    const api = this.influx.getWriteApi(this.s.INFLUX_ORG, this.s.INFLUX_BUCKET, 'ms', {
      batchSize: 5_000,
      maxBufferLines: lines.length + 1,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: this.s.INFLUX_GZIP !== false ? 1_024 : Number.POSITIVE_INFINITY,
      writeFailed: (error) => {
        failure ??= error;
        // returning a resolved promise tells the client not to retry or buffer this chunk
        return Promise.resolve();
      },
    });
    api.writeRecords(lines as string[]);
    await api.close();
    if (!failure) return;
    const status = (failure as { statusCode?: number }).statusCode;
    throw status === 400 || status === 422 ? new WriteRejected(status, failure.message) : failure;
  }
}
