/**
 * The appliers the CLI hands to every commit (commit does not know the stages
 * that hook into it). Kept in its own tiny module so that registering a hook
 * does not load the commit engine at every `pkicfg` start.
 */
import type { Applier } from '../commit/session.js';

export const CLI_APPLIERS: ((stateDir: string) => Applier)[] = [];
