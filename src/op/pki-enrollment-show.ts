/**
 * `show security pki enrollment [| display json]` and `show security pki
 * enrollment timeline` (pkicfg; Junos has no such command): the state of
 * every local certificate and ca-profile from src/enroll/status.ts, the same
 * plan commit check and the daemon compute. Table entries: specs/pki-show.ts.
 */
import { readStatus } from '../enroll/read-status.js';
import { statusJson } from '../enroll/status.js';
import { renderEnrollmentStatus, renderEnrollmentTimeline } from './render/render-enrollment.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpResult } from './op-tree.js';

export async function runShowEnrollment(_args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const now = ctx.now();
  const rows = readStatus(ctx.stateDir, await ctx.activeConfig(), now);
  ctx.stdout.write(
    ctx.display === 'json'
      ? JSON.stringify(statusJson(rows, now), null, 2) + '\n'
      : renderEnrollmentStatus(rows),
  );
  return {};
}

export async function runShowEnrollmentTimeline(_args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const now = ctx.now();
  ctx.stdout.write(renderEnrollmentTimeline(readStatus(ctx.stateDir, await ctx.activeConfig(), now), now));
  return {};
}
