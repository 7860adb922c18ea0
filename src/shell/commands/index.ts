/** The shell's own commands, in both modes (the op tree adds `show/request/clear security pki ...`). */
import type { ShellCommand } from '../shell-command.js';
import { commitCommand } from './commit.js';
import { configureCommand } from './configure.js';
import { editCommand, topCommand, upCommand } from './edit.js';
import { exitCmd, quitCmd } from './exit.js';
import { helpCommand } from './help.js';
import { loadCommand } from './load.js';
import { rollbackCommand } from './rollback.js';
import { runCommand } from './run.js';
import { saveCommand } from './save.js';
import { showConfigCommand, showOpCommand } from './show.js';
import {
  activateCommand,
  annotateCommand,
  copyCommand,
  deactivateCommand,
  deleteCommand,
  insertCommand,
  protectCommand,
  renameCommand,
  setCommand,
  unprotectCommand,
} from './statement.js';
import { statusCommand } from './status.js';
import { updateCommand } from './update.js';
import { wildcardCommand } from './wildcard.js';

export const COMMANDS: readonly ShellCommand[] = [
  activateCommand,
  annotateCommand,
  commitCommand,
  configureCommand,
  copyCommand,
  deactivateCommand,
  deleteCommand,
  editCommand,
  exitCmd,
  helpCommand,
  insertCommand,
  loadCommand,
  protectCommand,
  quitCmd,
  renameCommand,
  rollbackCommand,
  runCommand,
  saveCommand,
  setCommand,
  showConfigCommand,
  showOpCommand,
  statusCommand,
  topCommand,
  unprotectCommand,
  upCommand,
  updateCommand,
  wildcardCommand,
];
