/**
 * Reading an HTTP body (a request on the CA server, a response in the client
 * transport) without letting the peer make it unbounded: up to `keep` bytes
 * are kept, more is read and thrown away (so a server can still answer 413
 * on a connection the client is writing to), and past `drain` bytes the
 * stream is destroyed.
 */
import type { Readable } from 'node:stream';

export type BoundedBody =
  | { readonly kind: 'body'; readonly body: Buffer }
  /** The body ended, but it was longer than `keep`. */
  | { readonly kind: 'too-large' }
  /** More than `drain` bytes arrived: the stream is destroyed. */
  | { readonly kind: 'cut' }
  /** The stream failed or was aborted by the peer. */
  | { readonly kind: 'aborted'; readonly error?: Error };

export function readBoundedBody(stream: Readable, keep: number, drain: number): Promise<BoundedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size > drain) {
        resolve({ kind: 'cut' }); // first: destroying may emit 'error' or 'aborted' at once
        stream.destroy();
      } else if (size <= keep) chunks.push(c);
    });
    stream.on('end', () =>
      resolve(size > keep ? { kind: 'too-large' } : { kind: 'body', body: Buffer.concat(chunks) }),
    );
    stream.on('error', (error) => resolve({ kind: 'aborted', error }));
    stream.on('aborted', () => resolve({ kind: 'aborted' }));
  });
}
