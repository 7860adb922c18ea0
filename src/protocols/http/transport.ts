/**
 * The HTTP transport protocols talk through. It is a parameter everywhere
 * (DESIGN.md invariant 7), so tests inject hostile servers and fake clocks.
 * The node implementation enforces a timeout and a response body size limit
 * and never throws: every failure is an HttpOutcome with a kind.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

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

export interface HttpResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type HttpFailureKind = 'timeout' | 'connect' | 'too-large' | 'protocol';

export type HttpOutcome =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly kind: HttpFailureKind; readonly message: string };

export interface HttpTransport {
  send(req: HttpRequest): Promise<HttpOutcome>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

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
        let url: URL;
        try {
          url = new URL(req.url);
        } catch {
          resolve({ ok: false, kind: 'protocol', message: `invalid URL '${req.url}'` });
          return;
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          resolve({ ok: false, kind: 'protocol', message: `unsupported URL scheme '${url.protocol}'` });
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
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > limit) {
              done({
                ok: false,
                kind: 'too-large',
                message: `response body exceeds the limit of ${limit} bytes`,
              });
              res.destroy();
              return;
            }
            chunks.push(c);
          });
          res.on('end', () => {
            const h: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
            }
            done({
              ok: true,
              response: { status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks) },
            });
          });
          res.on('error', (e) =>
            done({ ok: false, kind: 'protocol', message: `response aborted: ${e.message}` }),
          );
          res.on('aborted', () =>
            done({ ok: false, kind: 'protocol', message: 'response aborted by the server' }),
          );
        });
        const timer = setTimeout(() => {
          r.destroy();
          done({
            ok: false,
            kind: 'timeout',
            message: `no complete answer from ${url.host} within ${timeoutMs} ms`,
          });
        }, timeoutMs);
        r.on('error', (e: NodeJS.ErrnoException) => {
          const connect = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(
            e.code ?? '',
          );
          done({
            ok: false,
            kind: connect ? 'connect' : 'protocol',
            message: connect
              ? `cannot connect to ${url.host}: ${e.code}`
              : `HTTP exchange with ${url.host} failed: ${e.message}`,
          });
        });
        r.end(req.body ? Buffer.from(req.body) : undefined);
      });
    },
  };
}
