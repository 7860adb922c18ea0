/** The status rows `pkicfg status`, `timeline` and `daemon --metrics` show: the committed configuration and the PKI state of a state directory. */
import type { CliIO } from '../run.js';
import { openStore } from '../../commit/store.js';
import { systemClock } from '../../enroll/clock.js';
import { readStatus } from '../../enroll/read-status.js';
import type { StatusRow } from '../../enroll/status.js';
import type { ConfigTree } from '../../tree/config-tree.js';

export function cliStatus(stateDir: string, now: Date): StatusRow[] {
  let active: ConfigTree | undefined;
  try {
    active = openStore(stateDir).active();
  } catch {
    active = undefined;
  }
  return readStatus(stateDir, active, now);
}

/** The rows of STATEDIR as of now by the command's clock (injected by in-process callers), and that now. */
export function statusNow(stateDir: string, io: CliIO): { readonly rows: StatusRow[]; readonly now: Date } {
  const now = (io.clock ?? systemClock).now();
  return { rows: cliStatus(stateDir, now), now };
}
