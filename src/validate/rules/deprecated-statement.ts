/**
 * deprecated-statement: Junos keeps accepting statements it has deprecated
 * (the bare `auto-re-enrollment certificate-id` form since 23.1, `trusted-ca
 * ca-index` / `use-all` since 18.1) and marks them in `show` output with
 * `## Warning: '<name>' is deprecated`. pkicfg reports each use as a warning
 * (it fails the run only under `--strict`). Which statements are deprecated is
 * the schema's `x-deprecated`.
 */
import type { Rule, RuleContext } from '../rule.js';
import { walkSchemaTree } from '../schema-node.js';
import { keysOf } from '../schema-node.js';

function check(ctx: RuleContext): void {
  walkSchemaTree(ctx.schema, ctx.tree, (n) => {
    if (n.schema['x-deprecated'] !== true) return;
    const name = n.path[n.path.length - 1];
    if (n.kind === 'list') {
      // One warning per entry, so each points at a statement that has a position.
      for (const entry of keysOf(n.value)) {
        ctx.report({
          code: 'DEPRECATED_STATEMENT',
          message: `'${name}' is deprecated`,
          path: [...n.path, entry],
          at: 'key',
        });
      }
      return;
    }
    ctx.report({ code: 'DEPRECATED_STATEMENT', message: `'${name}' is deprecated`, path: n.path, at: 'key' });
  });
}

export const deprecatedStatementRule: Rule = { id: 'deprecated-statement', check };
