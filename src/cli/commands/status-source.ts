/** The status rows `pkicfg status` and `pkicfg timeline` show: the committed configuration and the PKI state of a state directory. */
import { openStore } from '../../commit/store.js';
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
