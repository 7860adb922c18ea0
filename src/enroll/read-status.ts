/** The status rows of a state directory and its committed configuration at NOW (status.ts over observe.ts). */
import type { ConfigTree } from '../tree/config-tree.js';
import { observeState } from './observe.js';
import { desiredFromConfig } from './plan.js';
import { enrollmentStatus, type StatusRow } from './status.js';

export function readStatus(stateDir: string, active: ConfigTree | undefined, now: Date): StatusRow[] {
  return enrollmentStatus(desiredFromConfig(active), observeState(stateDir), now);
}
