/**
 * The HTTP listener of `pkicfg daemon --metrics HOST:PORT`: GET /metrics in
 * Prometheus text format. It binds a loopback address only, unless the caller
 * allows a remote one explicitly (`--metrics-allow-remote`): certificate ids
 * and CA names are not for the whole network by default.
 */
import { createServer, type Server } from 'node:http';
import { isIP } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsAddress {
  readonly host: string;
  readonly port: number;
}

/** Parses `HOST:PORT` (`[::1]:9402` for IPv6); an error message when it is not one or not allowed. */
export function parseMetricsAddress(text: string, allowRemote: boolean): MetricsAddress | string {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || host === undefined || !Number.isInteger(port) || port > 65535)
    return `--metrics takes HOST:PORT (127.0.0.1:9402), not '${text}'`;
  if (host !== 'localhost' && isIP(host) === 0) return `--metrics takes an IP address, not '${host}'`;
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  if (!loopback && !allowRemote)
    return `--metrics ${host} is not a loopback address: add --metrics-allow-remote to serve metrics to the network`;
  return { host, port };
}

export interface RunningMetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(
  addr: MetricsAddress,
  registry: Registry,
): Promise<RunningMetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(e)}\n`),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(addr.port, addr.host, () => ok());
  });
  const a = server.address();
  return {
    port: typeof a === 'object' && a ? a.port : addr.port,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
