/**
 * `pkicfg ca serve`: the embedded CA's HTTP server on 127.0.0.1. SCEP at
 * /scep (and /cgi-bin/pkiclient.exe, the traditional path); further handlers
 * (CMP at /pkix/) come from the `routes` option.
 * The current CRL (crl-issue.ts) is at /crl as DER `application/pkix-crl`
 * (RFC 5280 §4.2.1.13, RFC 2585 §4.2), and SCEP-issued certificates name it
 * as their CRL distribution point.
 * Request bodies are capped at 1 MiB and slow clients are cut off. Hostile
 * input gets a status code, never a stack trace: a request target or Host
 * that does not parse is a 400, an oversized body a 413 that the client can
 * actually read (see readBody). Every log line passes through oneLogLine.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse as NodeServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { oneLogLine, untrustedText } from '../diag/untrusted-text.js';
import { readBoundedBody } from '../protocols/http/bounded-body.js';
import { openCa, type EmbeddedCa } from './ca-store.js';
import { recoverCaStore } from './ca-recover.js';
import { currentCrl } from './crl-issue.js';
import { type CaServerContext, type RouteFactory, type RouteHandler, type ServerResponse } from './routes.js';
import { createScepHandler } from './scep-server.js';

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
  /** nextUpdate - thisUpdate of the CRLs served at /crl (default 24). */
  readonly crlValidityHours?: number;
  /** Extra handlers by path prefix, in addition to the registry. */
  readonly routes?: ReadonlyMap<string, RouteFactory>;
}

export interface RunningCaServer {
  readonly ca: EmbeddedCa;
  readonly port: number;
  readonly scepUrl: string;
  /** Where the current CRL is served. */
  readonly crlUrl: string;
  readonly urls: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
/**
 * How much of an oversized body is read and thrown away before the 413. A
 * socket closed with unread data in its receive buffer sends a TCP reset,
 * and a client still writing its body then never reads the answer; past this
 * much the connection is reset anyway (requestTimeout bounds the time).
 */
const MAX_DRAIN = 16 * MAX_BODY;

type BodyOutcome = Buffer | 'too-large' | 'aborted';

async function readBody(req: IncomingMessage): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_DRAIN) return 'too-large';
  const b = await readBoundedBody(req, MAX_BODY, MAX_DRAIN);
  if (b.kind === 'cut') return 'aborted'; // readBoundedBody destroyed it
  return b.kind === 'body' ? b.body : b.kind;
}

/**
 * The request target (origin-form `/path?query`, or absolute-form) as a URL
 * on this server; undefined when it does not parse. The Host header is not
 * used: routing is by path alone, so a hostile Host cannot break it.
 */
function requestUrl(target: string | undefined): URL | undefined {
  try {
    if (target?.startsWith('/')) return new URL(`http://127.0.0.1${target}`);
    if (target && /^https?:\/\//i.test(target)) {
      const abs = new URL(target);
      return new URL(`http://127.0.0.1${abs.pathname}${abs.search}`);
    }
  } catch {
    // falls through: not a request target
  }
  return undefined;
}

/** Host is `host[:port]` (RFC 9110 §7.2); RFC 9112 §3.2 wants a 400 for an invalid one. */
function validHost(host: string | undefined): boolean {
  if (host === undefined) return true; // HTTP/1.0; node answers a 1.1 request without Host with 400 itself
  if (!/^[^\s/?#@\\]+$/.test(host)) return false;
  try {
    return new URL(`http://${host}`).pathname === '/';
  } catch {
    return false;
  }
}

export async function startCaServer(opts: CaServerOptions): Promise<RunningCaServer> {
  const now = opts.now ?? ((): Date => new Date());
  const sink = opts.log;
  const log = sink ? (line: string): void => sink(oneLogLine(line)) : (): void => undefined;
  const ca = openCa(opts.stateDir, now());
  // a previous server may have been killed in the middle of an issuance
  for (const line of recoverCaStore(ca)) log(line);
  const ctx: CaServerContext = { ca, stateDir: opts.stateDir, now, log };
  const crlAt: { url?: string } = {}; // known once listening (port 0 picks one)
  const scep = createScepHandler({
    ca,
    crlUrl: () => crlAt.url,
    challenge: opts.challenge,
    manualApproval: opts.manualApproval,
    validityDays: opts.validityDays,
    now,
    log,
  });
  const mounted: [string, RouteHandler][] = [
    ...(opts.routes ?? new Map<string, RouteFactory>()).entries(),
  ].map(([prefix, f]) => [prefix, f(ctx)]);
  const crl = crlRoute(ca, now, opts.crlValidityHours);

  function route(path: string): RouteHandler | undefined {
    if (path === '/crl' || path === '/crl/ca.crl') return crl;
    if (path === '/scep' || path === '/scep/' || path === '/cgi-bin/pkiclient.exe') return scep;
    return mounted.find(([prefix]) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))?.[1];
  }

  const server: Server = createServer((req, res) => void serveRequest(req, res, route, log));
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  const crlUrl = `${base}/crl`;
  crlAt.url = crlUrl;
  const urls: Record<string, string> = { scep: `${base}/scep`, crl: crlUrl };
  for (const [prefix] of mounted) urls[prefix.replace(/\//g, '') || prefix] = `${base}${prefix}`;
  return {
    ca,
    port,
    scepUrl: urls.scep,
    crlUrl,
    urls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The /crl route: the current CRL, issued afresh when the stored one is due. */
function crlRoute(ca: EmbeddedCa, now: () => Date, validityHours: number | undefined): RouteHandler {
  return async (req): Promise<ServerResponse> => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return {
        status: 405,
        headers: { 'content-type': 'text/plain', allow: 'GET, HEAD' },
        body: 'use GET\n',
      };
    return {
      status: 200,
      headers: { 'content-type': 'application/pkix-crl' },
      body: currentCrl(ca, now(), validityHours),
    };
  };
}

/** One HTTP exchange: target and Host checked, body bounded, routed; a thrown bug is one log line and a 500. */
async function serveRequest(
  req: IncomingMessage,
  res: NodeServerResponse,
  route: (path: string) => RouteHandler | undefined,
  log: (line: string) => void,
): Promise<void> {
  const send = (r: ServerResponse): void => {
    const body = typeof r.body === 'string' ? Buffer.from(r.body) : Buffer.from(r.body);
    res.writeHead(r.status, { ...(r.headers ?? {}), 'content-length': String(body.length) });
    res.end(body);
  };
  try {
    const url = requestUrl(req.url);
    if (!url || !validHost(req.headers.host)) {
      log(
        `bad request: target '${untrustedText(req.url ?? '')}' host '${untrustedText(req.headers.host ?? '')}'`,
      );
      send({
        status: 400,
        headers: { 'content-type': 'text/plain', connection: 'close' },
        body: 'bad request\n',
      });
      return;
    }
    const handler = route(url.pathname);
    if (!handler) {
      send({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found\n' });
      return;
    }
    const body = await readBody(req);
    if (body === 'aborted') {
      req.destroy();
      return;
    }
    if (body === 'too-large') {
      log(`refused ${untrustedText(url.pathname)}: request body over ${MAX_BODY} bytes`);
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
    // A bug, but the peer may have provoked it: one escaped line, the message and where it was thrown.
    const where = /\n\s*(at [^\n]*)/.exec((e as Error).stack ?? '')?.[1] ?? '';
    log(`internal error: ${untrustedText(e instanceof Error ? e.message : String(e))} ${where}`);
    if (!res.headersSent)
      send({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error\n' });
  }
}
