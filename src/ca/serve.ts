/**
 * `pkicfg ca serve`: the embedded CA's HTTP server on 127.0.0.1. SCEP at
 * /scep (and /cgi-bin/pkiclient.exe, the traditional path); further handlers
 * (CMP at /pkix/) come from routes.ts' registry or the `routes` option.
 * Request bodies are capped at 1 MiB and slow clients are cut off.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openCa, type EmbeddedCa } from './ca-store.js';
import { recoverCaStore } from './ca-recover.js';
import {
  registeredRoutes,
  type CaServerContext,
  type RouteFactory,
  type RouteHandler,
  type ServerResponse,
} from './routes.js';
import { createScepHandler } from './scep-server.js';

export { registerRoute } from './routes.js';

export interface CaServerOptions {
  readonly stateDir: string;
  /** 0 = pick a free port. */
  readonly port: number;
  readonly host?: string;
  readonly challenge?: string;
  readonly manualApproval?: boolean;
  readonly validityDays?: number;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
  /** Extra handlers by path prefix, in addition to the registry. */
  readonly routes?: ReadonlyMap<string, RouteFactory>;
}

export interface RunningCaServer {
  readonly ca: EmbeddedCa;
  readonly port: number;
  readonly scepUrl: string;
  readonly urls: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

export async function startCaServer(opts: CaServerOptions): Promise<RunningCaServer> {
  const now = opts.now ?? ((): Date => new Date());
  const log = opts.log ?? ((): void => undefined);
  const ca = openCa(opts.stateDir, now());
  // a previous server may have been killed in the middle of an issuance
  for (const line of recoverCaStore(ca)) log(line);
  const ctx: CaServerContext = { ca, stateDir: opts.stateDir, now, log };
  const scep = createScepHandler({
    ca,
    challenge: opts.challenge,
    manualApproval: opts.manualApproval,
    validityDays: opts.validityDays,
    now,
    log,
  });
  const mounted: [string, RouteHandler][] = [
    ...[...(opts.routes ?? new Map<string, RouteFactory>()).entries()],
    ...registeredRoutes(),
  ].map(([prefix, f]) => [prefix, f(ctx)]);

  function route(path: string): RouteHandler | undefined {
    if (path === '/scep' || path === '/scep/' || path === '/cgi-bin/pkiclient.exe') return scep;
    return mounted.find(([prefix]) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))?.[1];
  }

  const server: Server = createServer(async (req, res) => {
    const send = (r: ServerResponse): void => {
      const body = typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body);
      res.writeHead(r.status, { ...(r.headers ?? {}), 'content-length': String(body.length) });
      res.end(body);
    };
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const handler = route(url.pathname);
      if (!handler) {
        send({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found\n' });
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        send({
          status: 413,
          headers: { 'content-type': 'text/plain', connection: 'close' },
          body: 'request body too large\n',
        });
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      send(await handler({ method: req.method ?? 'GET', url, headers, body }));
    } catch (e) {
      log(`internal error: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent)
        send({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error\n' });
    }
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  const urls: Record<string, string> = { scep: `${base}/scep` };
  for (const [prefix] of mounted) urls[prefix.replace(/\//g, '') || prefix] = `${base}${prefix}`;
  return {
    ca,
    port,
    scepUrl: urls.scep,
    urls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
