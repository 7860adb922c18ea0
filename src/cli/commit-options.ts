/**
 * The options that say how to commit, shared by `pkicfg commit` and `pkicfg
 * load ... --commit`: `--check`, `--comment C`, `--confirmed MIN`, and the
 * one reading of the minutes.
 */
import { wholeNumberOption } from './options.js';

export const COMMIT_OPTIONS = {
  check: { type: 'boolean', default: false },
  comment: { type: 'string' },
  confirmed: { type: 'string' },
} as const;

/** `--confirmed MIN` as minutes: undefined when absent, a string (the usage message) when malformed. */
export function confirmedMinutes(flag: string | undefined): number | undefined | string {
  const n = wholeNumberOption(flag);
  return Number.isNaN(n) ? '--confirmed takes minutes (1..65535)' : n;
}
