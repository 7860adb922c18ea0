/**
 * The request/response shapes of the embedded CA's HTTP server and the
 * handlers mounted beside SCEP. SCEP is mounted at /scep by serve.ts; other
 * handlers (CMP at /pkix/, src/ca/cmp-server.ts) are passed explicitly in the
 * server's `routes` option: no registry filled as a side effect of an import.
 */
import type { EmbeddedCa } from './ca-store.js';

export interface ServerRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface ServerResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
}

export type RouteHandler = (req: ServerRequest) => Promise<ServerResponse>;

/** What a mounted handler gets when a server starts. */
export interface CaServerContext {
  readonly ca: EmbeddedCa;
  readonly stateDir: string;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

export type RouteFactory = (ctx: CaServerContext) => RouteHandler;
