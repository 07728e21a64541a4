import type { InfluxDB } from '@influxdata/influxdb-client';

/** One chunk of one series of an InfluxQL SELECT: its GROUP BY tags and rows of `columns`. */
export interface InfluxqlSeries {
  tags: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

/** What a streaming caller returns per chunk: nothing, or a promise the stream waits for. */
export type Paced = void | Promise<void>;

interface Answer {
  error?: string;
  results?: { error?: string; series?: InfluxqlSeries[] }[];
}

/** Rows per chunk: a chunk is one JSON line, so this bounds what is parsed and held at once. */
const CHUNK_ROWS = 10_000;

/**
 * Streams one InfluxQL SELECT from the 1.x-compatible `/query` endpoint, on the bucket's virtual
 * DBRP mapping (its name), chunked: InfluxDB sends a JSON line per chunk of a series, series in
 * the order of their GROUP BY tags. Not Flux: for reads of one or two shards this skips the Flux
 * engine and its annotated CSV (a third less influxd CPU for a week of `daily`, README Scale;
 * over many shards InfluxQL's merge of every series' cursors costs more than Flux). Not
 * `Accept: application/csv` either: InfluxDB 2.x's CSV writer drops an error that comes after the
 * first chunk, so a cut-short answer would look complete; JSON carries it, and this throws.
 * While `each` has a promise out, the response is paused, so memory stays at a chunk or two.
 */
export function selectSeries(
  influx: InfluxDB,
  db: string,
  query: string,
  each: (series: InfluxqlSeries) => Paced,
  chunkRows = CHUNK_ROWS,
): Promise<void> {
  const path = `/query?${new URLSearchParams({ db, chunked: 'true', chunk_size: String(chunkRows) })}`;
  return new Promise((resolve, reject) => {
    const decoder = new TextDecoder();
    let text = '';
    let waiting: Promise<void> | undefined;
    let failed: unknown;
    let ended = false;
    let resume: (() => void) | undefined;
    let cancel: (() => void) | undefined;
    const fail = (err: unknown) => {
      failed ??= err;
    };
    // handles whole lines until one makes the stream wait; true when all whole lines are done
    const drain = (): boolean => {
      let at = 0;
      while (failed === undefined && !waiting) {
        const nl = text.indexOf('\n', at);
        if (nl < 0) break;
        const line = text.slice(at, nl);
        at = nl + 1;
        if (line.trim() === '') continue;
        try {
          const answer = JSON.parse(line) as Answer;
          const error = answer.error ?? answer.results?.find((r) => r.error)?.error;
          if (error) throw new Error(`InfluxDB refused the query: ${error}`);
          for (const r of answer.results ?? [])
            for (const series of r.series ?? []) {
              const w = failed === undefined ? each(series) : undefined;
              if (!w) continue;
              // a line may hold several series: the stream waits for all their promises
              const all: Promise<void> = Promise.all([waiting, w]).then(() => {
                if (waiting === all) waiting = undefined;
              }, fail);
              waiting = all;
            }
        } catch (err) {
          fail(err);
        }
      }
      text = text.slice(at);
      return failed === undefined && !waiting;
    };
    // after a wait: the lines still buffered, then the socket again (or the end)
    const proceed = (): void => {
      if (failed !== undefined) {
        cancel?.();
        reject(failed);
      } else if (waiting) waiting.then(proceed);
      else if (!drain()) proceed();
      else if (ended) {
        if (text.trim() === '') resolve();
        else reject(new Error('InfluxDB cut its answer short'));
      } else {
        const r = resume;
        resume = undefined;
        r?.();
      }
    };
    influx.transport.send(
      path,
      new URLSearchParams({ q: query }).toString(),
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      {
        next: (data) => {
          text += decoder.decode(data, { stream: true });
          return drain();
        },
        useResume: (r) => {
          resume = r;
          proceed();
        },
        useCancellable: (c) => {
          cancel = () => c.cancel();
        },
        error: (err) => {
          fail(err); // no `each` for lines still buffered, nor for a late answer after a timeout
          cancel?.();
          reject(err);
        },
        complete: () => {
          text += decoder.decode();
          ended = true;
          proceed();
        },
      },
    );
  });
}
