/**
 * CMP over HTTP (RFC 6712): POST `application/pkixcmp`. The transport is an
 * interface so that tests inject canned responses (DESIGN invariant 7). The
 * Node implementation keeps one keep-alive connection per transport, so an
 * ir and its certConf travel on the same socket: OpenSSL's mock server holds
 * one transaction at a time and pairs them by connection.
 */
import * as http from 'node:http';

interface CmpHttpResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly body: Uint8Array;
}

export interface CmpTransport {
  /** POST a DER PKIMessage; rejects only on network failure. */
  post(url: string, body: Uint8Array): Promise<CmpHttpResponse>;
  /** Release sockets (no-op for fakes). */
  close?(): void;
}

export interface NodeTransportOptions {
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
}

/** An HTTP/1.1 keep-alive transport with one socket (sequential requests). */
export function createNodeCmpTransport(opts: NodeTransportOptions = {}): CmpTransport {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const max = opts.maxResponseBytes ?? 1 << 20;
  return {
    post(url, body) {
      return new Promise((resolve, reject) => {
        const u = new URL(url);
        if (u.protocol !== 'http:') {
          reject(new Error(`unsupported URL scheme '${u.protocol}' (only http:// is supported)`));
          return;
        }
        const req = http.request(
          u,
          {
            method: 'POST',
            agent,
            headers: {
              'Content-Type': 'application/pkixcmp',
              'Content-Length': body.length,
              Connection: 'keep-alive',
            },
            timeout: timeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              size += c.length;
              if (size > max) {
                req.destroy(new Error(`response larger than ${max} bytes`));
                return;
              }
              chunks.push(c);
            });
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
                body: new Uint8Array(Buffer.concat(chunks)),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(Buffer.from(body));
      });
    },
    close() {
      agent.destroy();
    },
  };
}
