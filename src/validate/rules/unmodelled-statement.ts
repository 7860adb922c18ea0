/**
 * unmodelled-statement (`--strict` only): pkicfg keeps hierarchies it does not
 * model (interfaces, zones, policies, ...) verbatim and does not validate
 * them. A CI run that wants to know exactly what was checked asks for
 * `--strict`, and every top-most unmodelled statement is then reported as a
 * warning (its children are covered by it). Inactive statements are skipped:
 * they are not part of the effective configuration.
 */
import type { Rule, RuleContext } from '../rule.js';
import type { ConfigObject } from '../../tree/config-tree.js';
import { META_KEY, type NodeMeta } from '../../tree/config-tree.js';
import { isObject } from '../../tree/tree-ops.js';
import { opaqueOf, unquote } from '../opaque.js';

function check(ctx: RuleContext): void {
  if (!ctx.strict) return;
  const rec = (obj: ConfigObject, path: string[]): void => {
    for (const s of opaqueOf(obj)) {
      if (s.meta?.inactive) continue;
      ctx.report({
        code: 'UNMODELLED_STATEMENT',
        message: `'${s.words.map(unquote).join(' ')}' is not modelled by pkicfg and was not validated`,
        path: [...path, ...s.words.map(unquote)],
        statement: s.words.join(' '),
        context: path,
        at: 'statement',
      });
    }
    for (const k of Object.keys(obj)) {
      if (k.startsWith('@')) continue;
      const v = obj[k];
      if (!isObject(v) || (v[META_KEY] as NodeMeta | undefined)?.inactive) continue;
      rec(v, [...path, k]);
    }
  };
  rec(ctx.raw, []);
}

export const unmodelledStatementRule: Rule = { id: 'unmodelled-statement', check };
