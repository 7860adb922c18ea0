/**
 * deprecated-statement: Junos keeps accepting statements it has deprecated
 * (the bare `auto-re-enrollment certificate-id` form since 23.1, `trusted-ca
 * ca-index` / `use-all` since 18.1) and marks them in `show` output with
 * `## Warning: '<name>' is deprecated`. pkicfg reports each use as a warning
 * (it fails the run only under `--strict`). Which statements are deprecated is
 * the schema's `x-deprecated`.
 */
import type { ConfigPath } from '../../diag/diagnostic.js';
import type { Rule, RuleContext, RuleReport } from '../rule.js';
import { registerWalk } from '../shared-walk.js';
import { keysOf } from '../../reftree/schema-node.js';

const relocate = (r: RuleReport, prefix: ConfigPath): RuleReport => ({ ...r, path: [...prefix, ...r.path] });

// One shared, per-entry memoized walk (shared-walk.ts).
const walk = registerWalk<RuleReport>({
  relocate,
  visit(n, out) {
    if (n.schema['x-deprecated'] !== true) return;
    const name = n.path[n.path.length - 1];
    if (n.kind === 'list') {
      // One warning per entry, so each points at a statement that has a position.
      for (const entry of keysOf(n.value)) {
        out.push({
          code: 'DEPRECATED_STATEMENT',
          message: `'${name}' is deprecated`,
          path: [...n.path, entry],
          at: 'key',
        });
      }
      return;
    }
    out.push({ code: 'DEPRECATED_STATEMENT', message: `'${name}' is deprecated`, path: n.path, at: 'key' });
  },
});

function check(ctx: RuleContext): void {
  for (const r of walk.run(ctx.schema, ctx.tree)) ctx.report(r);
}

export const deprecatedStatementRule: Rule = { id: 'deprecated-statement', check };
