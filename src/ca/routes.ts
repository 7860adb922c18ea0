/**
 * The request/response shapes of the embedded CA's HTTP server and the
 * registry of mounted handlers. SCEP is mounted at /scep by serve.ts; the CMP
 * server registers itself with `registerRoute('/pkix/', factory)` from
 * src/ca/cmp-server.ts and is picked up by every server started afterwards.
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

const ROUTES = new Map<string, RouteFactory>();

/** Mounts a handler under a path prefix (e.g. '/pkix/') in every CA server started afterwards. */
export function registerRoute(prefix: string, factory: RouteFactory): void {
  ROUTES.set(prefix, factory);
}

/** The registered prefixes and factories, longest prefix first. */
export function registeredRoutes(): readonly [string, RouteFactory][] {
  return [...ROUTES.entries()].sort((a, b) => b[0].length - a[0].length);
}
