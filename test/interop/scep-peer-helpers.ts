// Helpers for the SCEP interop tests: find binaries, pick free ports, run the
// micromdm scepserver peer (test/interop/peers/scep-peer.sh: private network
// namespace + loopback relay, stopped by pid), run commands asynchronously.
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

export const PEERS = resolve('test/interop/peers');

export function which(bin: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin'])) {
    try {
      accessSync(join(d, bin), constants.X_OK);
      return join(d, bin);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without blocking the event loop (in-process servers keep answering). */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((res) => {
    execFile(
      cmd,
      [...args],
      {
        env: { ...process.env, ...(opts.env ?? {}) },
        timeout: opts.timeoutMs ?? 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        res({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

export interface ScepPeer {
  readonly dir: string;
  readonly url: string;
  readonly caPem: string;
  stop(): Promise<void>;
}

/**
 * Runs `SCRIPT start DIR PORT ARGS...` (a script of test/interop/peers) on a
 * free port, again on another port when that one was taken meanwhile (three
 * tries). Returns the variables the script wrote to DIR/env and a stop function.
 */
export async function startPeerScript(
  script: string,
  dir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const r = await run(join(PEERS, script), ['start', dir, String(port), ...args], {
      env,
      timeoutMs: 30_000,
    });
    if (r.code === 0) {
      return {
        env: Object.fromEntries(
          readFileSync(join(dir, 'env'), 'utf8')
            .split('\n')
            .filter((l) => l.includes('='))
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        ),
        stop: async () => void (await run(join(PEERS, script), ['stop', dir], { timeoutMs: 20_000 })),
      };
    }
    last = r.stderr;
  }
  throw new Error(`${script} start failed:\n${last}`);
}

/** Starts micromdm scepserver via scep-peer.sh on a free port. */
export async function startScepPeer(dir: string, challenge: string): Promise<ScepPeer> {
  const peer = await startPeerScript('scep-peer.sh', dir, [challenge]);
  return { dir, url: peer.env.SCEP_URL, caPem: peer.env.SCEP_CA_PEM, stop: peer.stop };
}
