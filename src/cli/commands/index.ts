/**
 * The registry of `pkicfg` subcommands. Each command lives in its own module
 * next to this file; add one import and one entry per command.
 */
import type { CommandHandler } from '../run.js';

export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  // ['validate', validateCommand],
]);
