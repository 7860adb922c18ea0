/**
 * Where pkicfg keeps its state: `--state DIR`, else `PKICFG_STATE`, else
 * `$XDG_STATE_HOME/pkicfg`, else `~/.local/state/pkicfg`. The directory is
 * created with mode 0700 (it will hold keys and `$9$` secrets). Layout:
 * `STATE/config/` belongs to the commit store, `STATE/pki/` to the PKI store,
 * `STATE/enroll/` and `STATE/ca/` to enrollment and the embedded CA.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface StateDirInput {
  /** The `--state DIR` flag, if given. */
  readonly flag?: string;
  /** The process environment (PKICFG_STATE, XDG_STATE_HOME, HOME). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The absolute state directory, by precedence flag > PKICFG_STATE > XDG_STATE_HOME > ~/.local/state. */
export function resolveStateDir(input: StateDirInput = {}): string {
  const env = input.env ?? process.env;
  if (input.flag) return resolve(input.flag);
  if (env.PKICFG_STATE) return resolve(env.PKICFG_STATE);
  if (env.XDG_STATE_HOME) return resolve(env.XDG_STATE_HOME, 'pkicfg');
  return join(env.HOME || homedir(), '.local', 'state', 'pkicfg');
}

/** Create `dir` (and parents) if needed; `dir` itself gets mode 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}
