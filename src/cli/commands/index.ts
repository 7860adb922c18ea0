/**
 * The registry of `pkicfg` subcommands. Each command lives in its own module
 * next to this file; add one import and one entry per command.
 */
import type { CommandHandler } from '../run.js';
import { loadCommand } from './load.js';
import { commitCommand } from './commit.js';
import { compareCommand } from './compare.js';
import { rollbackCommand } from './rollback.js';
import { historyCommand } from './history.js';
import { shellCommand } from './shell.js';
import { validateCommand } from './validate.js';
import { convertCommand } from './convert.js';
import { caCommand } from './ca.js';
import { demoCommand } from './demo.js';
import { daemonCommand } from './daemon.js';
import { CLI_APPLIERS } from './load.js';
import { enrollmentApplier } from '../../enroll/commit-applier.js';

// the enrollment stage's commit hook (commit does not know enroll: the CLI hands it in)
CLI_APPLIERS.push((stateDir) => enrollmentApplier(stateDir));

export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  ['validate', validateCommand],
  ['convert', convertCommand],
  ['load', loadCommand],
  ['commit', commitCommand],
  ['compare', compareCommand],
  ['rollback', rollbackCommand],
  ['history', historyCommand],
  // Loaded on use: the operational commands pull in pkijs and the PKI store.
  ['request', (args, io) => import('./op.js').then((m) => m.requestCommand(args, io))],
  ['show', (args, io) => import('./op.js').then((m) => m.showCommand(args, io))],
  ['clear', (args, io) => import('./op.js').then((m) => m.clearCommand(args, io))],
  ['shell', shellCommand],
  ['ca', caCommand],
  ['demo', demoCommand],
  ['daemon', daemonCommand],
]);
