/**
 * `show security pki enrollment [| display json]` and `show security pki
 * enrollment timeline` (pkicfg; Junos has no such command): the state of
 * every local certificate and ca-profile from src/enroll/status.ts, the same
 * plan commit check and the daemon compute.
 */
import { readStatus } from '../enroll/read-status.js';
import { statusJson } from '../enroll/status.js';
import { renderEnrollmentStatus, renderEnrollmentTimeline } from './render/render-enrollment.js';
import type { OpCommandSpec } from './op-tree.js';

export const showEnrollmentCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'enrollment'],
  help: 'Show enrollment state of local certificates and CA profiles (pkicfg)',
  args: [],
  pipe: true,
  run(_args, ctx) {
    const now = ctx.now();
    const rows = readStatus(ctx.stateDir, ctx.activeConfig(), now);
    ctx.stdout.write(
      ctx.display === 'json'
        ? JSON.stringify(statusJson(rows, now), null, 2) + '\n'
        : renderEnrollmentStatus(rows),
    );
    return Promise.resolve({});
  },
};

export const showEnrollmentTimelineCommand: OpCommandSpec = {
  path: ['show', 'security', 'pki', 'enrollment', 'timeline'],
  help: 'Show validity, renewal trigger, retries and expiry of each certificate (pkicfg)',
  args: [],
  pipe: true,
  run(_args, ctx) {
    const now = ctx.now();
    ctx.stdout.write(renderEnrollmentTimeline(readStatus(ctx.stateDir, ctx.activeConfig(), now), now));
    return Promise.resolve({});
  },
};
