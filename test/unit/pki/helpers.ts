// Shared test helpers: throw-away state dirs, openssl, and store snapshots.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export function tempDir(prefix = 'pkicfg-pki-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs openssl; returns stdout+stderr, throws on a non-zero exit. */
export function openssl(args: readonly string[], input?: string | Buffer): string {
  return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs openssl; returns stdout and stderr together (some results, like `verify OK`, go to stderr). */
export function opensslAll(args: readonly string[]): string {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** Like openssl() but returns {code, out} instead of throwing. */
export function opensslStatus(args: readonly string[]): { code: number; out: string } {
  try {
    return { code: 0, out: openssl(args) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

export function writeTemp(dir: string, name: string, data: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

/** Every file under dir: relative path -> sha256 + mode (the store's observable state). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else
        out[relative(dir, p)] =
          `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${(st.mode & 0o777).toString(8)}`;
    }
  };
  walk(dir);
  return out;
}
