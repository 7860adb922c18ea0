/**
 * `--state DIR` (or PKICFG_STATE, ...) resolved and checked before a command
 * uses it: a path that exists but is no directory is reported as the option
 * the user gave (`--state f.txt: not a directory`), not as whatever file
 * below it the command happened to open first.
 */
import { statSync } from 'node:fs';
import { resolveStateDir } from '../commit/state-dir.js';

/** A state directory that cannot be one; its message names the option or variable. */
class StateDirError extends Error {}

/** The absolute state directory for FLAG and ENV; throws StateDirError when it exists and is not a directory. */
export function stateDirOption(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const dir = resolveStateDir({ flag, env });
  let isDir = true;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // absent (created on first use) or unreadable: the command reports it when it gets there
  }
  if (!isDir) {
    const given = flag
      ? `--state ${flag}`
      : env.PKICFG_STATE
        ? `PKICFG_STATE ${env.PKICFG_STATE}`
        : `state directory ${dir}`;
    throw new StateDirError(`${given}: not a directory`);
  }
  return dir;
}
