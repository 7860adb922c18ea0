/**
 * The HTTP transport protocols talk through. It is a parameter everywhere
 * (DESIGN.md invariant 7), so tests inject hostile servers and fake clocks.
 * The node implementation enforces a timeout and a response body size limit
 * and never throws: every failure is an HttpOutcome with a kind.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readBoundedBody, type BoundedBody } from './bounded-body.js';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Whole-exchange timeout in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
  /** Largest accepted response body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

type HttpFailureKind = 'timeout' | 'connect' | 'too-large' | 'protocol';

export type HttpOutcome =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly kind: HttpFailureKind; readonly message: string };

export interface HttpTransport {
  send(req: HttpRequest): Promise<HttpOutcome>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The real transport over node:http / node:https. */
export function nodeHttpTransport(): HttpTransport {
  return {
    send(req: HttpRequest): Promise<HttpOutcome> {
      return new Promise((resolve) => {
        let settled = false;
        const done = (o: HttpOutcome): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(o);
        };
        const url = targetUrl(req.url);
        if (!(url instanceof URL)) {
          resolve(url);
          return;
        }
        const limit = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
        const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const headers: Record<string, string> = { ...(req.headers ?? {}) };
        if (req.body) headers['content-length'] = String(req.body.length);
        const fn = url.protocol === 'https:' ? httpsRequest : httpRequest;
        const r = fn(url, { method: req.method, headers, agent: false }, (res) => {
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > limit) {
            done({
              ok: false,
              kind: 'too-large',
              message: `response body of ${declared} bytes exceeds the limit of ${limit}`,
            });
            res.destroy();
            return;
          }
          void readBoundedBody(res, limit, limit).then((b) => done(responseOutcome(res, b, limit)));
        });
        const timer = setTimeout(() => {
          r.destroy();
          done({
            ok: false,
            kind: 'timeout',
            message: `no complete answer from ${url.host} within ${timeoutMs} ms`,
          });
        }, timeoutMs);
        r.on('error', (e: NodeJS.ErrnoException) => done(requestFailure(url, e)));
        r.end(req.body ? Buffer.from(req.body) : undefined);
      });
    },
  };
}

/** The URL of a request, or the failure answered when it is not an http(s) URL. */
function targetUrl(text: string): URL | HttpOutcome {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, kind: 'protocol', message: `invalid URL '${text}'` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, kind: 'protocol', message: `unsupported URL scheme '${url.protocol}'` };
  return url;
}

/** A request that failed before any answer: a connection failure, or another protocol error. */
function requestFailure(url: URL, e: NodeJS.ErrnoException): HttpOutcome {
  const connect = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(
    e.code ?? '',
  );
  return {
    ok: false,
    kind: connect ? 'connect' : 'protocol',
    message: connect
      ? `cannot connect to ${url.host}: ${e.code}`
      : `HTTP exchange with ${url.host} failed: ${e.message}`,
  };
}

/** What the transport answers once a response body has been read (or given up on). */
function responseOutcome(res: IncomingMessage, b: BoundedBody, limit: number): HttpOutcome {
  if (b.kind === 'aborted')
    return {
      ok: false,
      kind: 'protocol',
      message: b.error ? `response aborted: ${b.error.message}` : 'response aborted by the server',
    };
  if (b.kind !== 'body')
    return { ok: false, kind: 'too-large', message: `response body exceeds the limit of ${limit} bytes` };
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { ok: true, response: { status: res.statusCode ?? 0, headers: h, body: b.body } };
}
