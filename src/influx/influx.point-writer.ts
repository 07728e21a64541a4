import type { InfluxDB, SendOptions } from '@influxdata/influxdb-client';
import type { JudgedNight } from '../baseline/judged.night';
import type { NightInput } from '../night/night';
import type { InfluxSettings } from './influx.client';
import { checkInLine, dailyLine, judgedLine } from './influx.lines';

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

/**
 * Writes line protocol and resolves only once InfluxDB acknowledged every line (HTTP 204).
 * The client's WriteApi keeps a retry buffer that silently drops the oldest lines when it overflows
 * (influxdb-client-js #425, #547) and measures every line's UTF-8 length in JavaScript to chunk it,
 * so the body goes straight to the client's transport (what WriteApi sends through) as one request:
 * a failure rejects, and the caller keeps the Kafka batch uncommitted and tries again, unless
 * InfluxDB refused the body for good (`WriteRejected`).
 */
export class PointWriter {
  private readonly path: string;
  private readonly options: SendOptions;

  constructor(
    private readonly influx: InfluxDB,
    s: InfluxSettings,
  ) {
    this.path = `/api/v2/write?org=${encodeURIComponent(s.INFLUX_ORG)}&bucket=${encodeURIComponent(s.INFLUX_BUCKET)}&precision=ms`;
    this.options = {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      gzipThreshold: s.INFLUX_GZIP !== false ? 1_024 : Number.POSITIVE_INFINITY,
    };
  }

  /**
   * Stores nights as assembled (the `daily` point of each; the same point again is overwritten,
   * field by field: what the night was judged against stays when ingest writes it again, and a
   * `judgedOnly` night keeps ingest's values and gains `judged`).
   */
  storeNights(
    nights: readonly { pid: string; night: NightInput; judged?: JudgedNight; judgedOnly?: boolean }[],
  ): Promise<void> {
    return this.write(
      nights.map(({ pid, night, judged, judgedOnly }) =>
        judgedOnly && judged ? judgedLine(pid, night, judged) : dailyLine(pid, night, judged),
      ),
    );
  }

  /** Stores one check-in of a person (the `checkin` point). */
  storeCheckIn(pid: string, c: { stress: number; sleepQuality: number }, atMs: number): Promise<void> {
    return this.write([checkInLine(pid, c, atMs)]);
  }

  /** Stores readings as ingest prepared them (line protocol, built off the write path). */
  write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let status: number | undefined;
      this.influx.transport.send(this.path, lines.join('\n'), this.options, {
        responseStarted: (_headers, code) => {
          status = code;
        },
        error: (err) => {
          const code = (err as { statusCode?: number }).statusCode;
          reject(code === 400 || code === 422 ? new WriteRejected(code, err.message) : err);
        },
        complete: () => {
          if (status === 204 || status === 201 || status === undefined) resolve();
          else reject(new Error(`InfluxDB answered a write with HTTP ${status}, expected 204`));
        },
      });
    });
  }
}
