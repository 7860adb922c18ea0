/**
 * `show system commit` (op mode): the commit history as Junos prints it, most
 * recent first (`0   2026-09-20 23:16:51 UTC by admin via cli`, the comment
 * indented below, a pending `commit confirmed` with its minutes left).
 */
import { renderHistory } from '../commit/render-commit.js';
import { openStore } from '../commit/store.js';
import type { OpCommandSpec, OpResult } from './op-tree.js';
import type { OpContext } from './op-context.js';

async function runShowSystemCommit(_args: unknown, ctx: OpContext): Promise<OpResult> {
  const store = openStore(ctx.stateDir);
  ctx.stdout.write(renderHistory(store.history(), store.head().pending, ctx.now().getTime()));
  return { exitCode: 0 };
}

/** `show system commit` in the operational-command tree. */
export const SHOW_SYSTEM_COMMIT_COMMAND: OpCommandSpec = {
  path: ['show', 'system', 'commit'],
  help: 'Show pending commit and revision history of the configuration',
  pipe: true,
  args: [],
  run: runShowSystemCommit,
};
