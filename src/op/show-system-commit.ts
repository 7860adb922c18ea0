/**
 * `show system commit` (op mode): the commit history as Junos prints it, most
 * recent first (`0   2026-09-20 23:16:51 UTC by admin via cli`, the comment
 * indented below, a pending `commit confirmed` with its minutes left). Table
 * entry: specs/config.ts.
 */
import { renderHistory } from '../commit/render-commit.js';
import { openStore } from '../commit/store.js';
import type { OpResult } from './op-tree.js';
import type { OpContext } from './op-context.js';

export async function runShowSystemCommit(_args: unknown, ctx: OpContext): Promise<OpResult> {
  const store = openStore(ctx.stateDir);
  ctx.stdout.write(renderHistory(store.history(), store.head().pending, ctx.now().getTime()));
  return { exitCode: 0 };
}
