/**
 * no-remote-trace: `security pki traceoptions no-remote-trace` turns off
 * sending PKI traces to the remote trace collector, which exists only when
 * `[system tracing]` is configured; Junos's `must` rule rejects it otherwise.
 * `system tracing` is not modelled, so it is looked up among the verbatim
 * statements of `system`.
 */
import type { Rule, RuleContext } from '../rule.js';
import { getAt } from '../../tree/tree-ops.js';
import { referenceExists } from './reference-exists.js';

function check(ctx: RuleContext): void {
  const path = ['security', 'pki', 'traceoptions', 'no-remote-trace'];
  if (getAt(ctx.tree, path) === undefined) return;
  if (referenceExists(ctx, ['system'], 'tracing')) return;
  ctx.report({
    code: 'NO_REMOTE_TRACE',
    message: "'no-remote-trace' is valid only when [system tracing] is configured",
    path,
    at: 'key',
  });
}

export const noRemoteTraceRule: Rule = { id: 'no-remote-trace', check };
