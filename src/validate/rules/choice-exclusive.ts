/**
 * choice-exclusive: statements of one Junos `choice` (`x-choice` in the
 * schema: `use-crl` / `use-ocsp` / `disable`, `des` / `des3`, `trusted-ca
 * ca-profile` / `trusted-ca-group`, ...) exclude each other. In the CLI,
 * setting one silently removes the others, so this only fires for trees that
 * did not come through `set` (a hand-written curly or JSON file). Every
 * alternative after the first in schema order is reported.
 */
import type { ConfigPath } from '../../diag/diagnostic.js';
import type { Rule, RuleContext, RuleReport } from '../rule.js';
import { isObject } from '../../tree/tree-ops.js';
import { registerWalk } from '../shared-walk.js';
import { properties, type SchemaNode } from '../../reftree/schema-node.js';

const relocate = (r: RuleReport, prefix: ConfigPath): RuleReport => ({ ...r, path: [...prefix, ...r.path] });

const choices = new WeakMap<SchemaNode, readonly (readonly string[])[]>();

/** A container's choices (`x-choice` groups of its properties, in schema order), read once per schema node. */
function choicesOf(schema: SchemaNode): readonly (readonly string[])[] {
  let found = choices.get(schema);
  if (found === undefined) {
    const groups = new Map<string, string[]>();
    const props = properties(schema);
    for (const key of Object.keys(props)) {
      const c = props[key]['x-choice'];
      if (typeof c !== 'string') continue;
      const g = groups.get(c) ?? [];
      g.push(key);
      groups.set(c, g);
    }
    found = [...groups.values()];
    choices.set(schema, found);
  }
  return found;
}

// One shared, per-entry memoized walk (shared-walk.ts).
const walk = registerWalk<RuleReport>({
  relocate,
  visit(n, out) {
    if (n.kind !== 'container' || !isObject(n.value)) return;
    for (const alternatives of choicesOf(n.schema)) {
      const present = alternatives.filter((k) => (n.value as Record<string, unknown>)[k] !== undefined);
      for (const k of present.slice(1)) {
        out.push({
          code: 'CHOICE_CONFLICT',
          message: `Only one of ${alternatives.map((a) => `'${a}'`).join(', ')} may be configured ('${present[0]}' is)`,
          path: [...n.path, k],
          at: 'key',
        });
      }
    }
  },
});

function check(ctx: RuleContext): void {
  for (const r of walk.run(ctx.schema, ctx.tree)) ctx.report(r);
}

export const choiceExclusiveRule: Rule = { id: 'choice-exclusive', check };
