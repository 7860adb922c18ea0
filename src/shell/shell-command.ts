/**
 * One shell command (one file each under commands/): its grammar (what may
 * follow its keyword) and what it does with the expanded words.
 */
import type { Grammar } from './grammar.js';
import type { Outcome } from './backend.js';
import type { Pipe } from './pipes.js';
import type { Shell } from './shell.js';

export type ShellMode = 'op' | 'config';

export interface ShellCommand {
  readonly name: string;
  /** Junos's help text for the command keyword. */
  readonly help: string;
  readonly modes: readonly ShellMode[];
  /** The words after the command keyword. */
  grammar(sh: Shell): Grammar;
  run(sh: Shell, words: readonly string[], pipes: readonly Pipe[]): Promise<Outcome>;
}

export const OK: Outcome = { ok: true, text: '' };

export function fail(text: string): Outcome {
  return { ok: false, text: text.endsWith('\n') || text === '' ? text : text + '\n' };
}

export function done(text: string): Outcome {
  return { ok: true, text: text.endsWith('\n') || text === '' ? text : text + '\n' };
}
