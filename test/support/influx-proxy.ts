import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InfluxProxy {
  /** The proxy's base URL, to give the service as INFLUX_URL. */
  url: string;
  close: () => Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of the real InfluxDB, for what the server itself cannot be
 * made to do without stopping it for everyone: `gate` may hold a request back before it is
 * forwarded (InfluxDB slow to answer, or not answering writes for a while).
 */
export async function influxProxy(
  target: URL,
  gate: (req: IncomingMessage) => Promise<void> | void,
): Promise<InfluxProxy> {
  const server = createServer((req, res) => {
    const forward = () => {
      const out = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    Promise.resolve(gate(req)).then(forward, () => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
