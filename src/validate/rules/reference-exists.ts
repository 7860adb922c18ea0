/**
 * reference-exists: a value that names another configuration object must name
 * one that is configured and active. Junos checks this at commit with `must`
 * rules (`Referenced ca-profile must be defined under [edit security pki
 * ca-profile]`, `Referenced proposal is not defined`, `referenced
 * routing-instance must be defined`, ...). Which leaves are references, what
 * they point at and the message all come from the schema (`x-ref`,
 * `x-ref-message`, `x-ref-severity`), on leaves, leaf-list items and list
 * names (`trap ca-identity <profile>`). Targets the schema does not model
 * (`routing-instances`, `services proxy profile`) are looked up among the
 * verbatim statements. A reference to an inactive object counts as missing,
 * because the object is not in the effective configuration. `certificate
 * local-certificate` is deliberately not a reference: local certificates are
 * runtime objects of the PKI store, which commit cannot see.
 */
import type { ConfigPath, RelatedInfo, Severity } from '../../diag/diagnostic.js';
import { suggest } from '../../reftree/reftree.js';
import type { Rule, RuleContext } from '../rule.js';
import { getAt, isObject, listNames } from '../../tree/tree-ops.js';
import { isReservedKey } from '../../tree/config-tree.js';
import { activeObjectAt, opaqueHas, opaqueOf } from '../opaque.js';
import { registerWalk } from '../shared-walk.js';
import { itemSchema, kindOf, nameSchema, properties, type SchemaNode } from '../../reftree/schema-node.js';

/** Whether `name` is an entry of the list at `target` (words of a path), modelled or opaque. */
export function referenceExists(ctx: RuleContext, target: readonly string[], name: string): boolean {
  let schema: SchemaNode = ctx.schema;
  let value: unknown = ctx.tree;
  for (let i = 0; i < target.length; i++) {
    const child = kindOf(schema) === 'container' ? properties(schema)[target[i]] : undefined;
    if (!child) {
      // Not modelled here: the rest of the target lives in the opaque statements.
      const raw = activeObjectAt(ctx.raw, target.slice(0, i));
      return opaqueHas(opaqueOf(raw), [...target.slice(i), name]);
    }
    schema = child;
    value = isObject(value) ? value[target[i]] : undefined;
  }
  // Own keys only: a reference to `constructor` or `toString` must not find Object.prototype's.
  if (kindOf(schema) === 'list' || Object.hasOwn(properties(schema), name))
    return isObject(value) && !isReservedKey(name) && Object.hasOwn(value, name) && value[name] !== undefined;
  // An open container: `name` may be one of its verbatim statements (`system tracing`).
  return opaqueHas(opaqueOf(activeObjectAt(ctx.raw, target)), [name]);
}

/** Why the reference failed: an inactive target, a near miss (HCL's distance < 3), or where names are looked up. */
function relatedInfo(ctx: RuleContext, target: readonly string[], name: string): RelatedInfo {
  if (getAt(ctx.raw, [...target, name]) !== undefined) {
    return { message: `'${name}' is configured but inactive`, path: [...target, name] };
  }
  const list = getAt(ctx.tree, target);
  const near = isObject(list) ? suggest(name, listNames(list)) : undefined;
  if (near !== undefined) return { message: `did you mean '${near}'?`, path: [...target, near] };
  return { message: `'${name}' is looked up under [edit ${target.join(' ')}]`, path: target };
}

/** A reference found in the tree, resolved against the whole tree at each run. */
interface RefUse {
  readonly ref: SchemaNode;
  readonly path: ConfigPath;
  readonly name: string;
  readonly item: string | undefined;
  readonly at: 'key' | 'value';
}

const relocate = (r: RefUse, prefix: ConfigPath): RefUse => ({ ...r, path: [...prefix, ...r.path] });

// The references in the tree: one shared, per-entry memoized walk (shared-walk.ts).
const walk = registerWalk<RefUse>({
  relocate,
  visit(n, out) {
    if (n.list) {
      const ns = nameSchema(n.list);
      if (typeof ns['x-ref'] === 'string')
        out.push({ ref: ns, path: n.path, name: n.path[n.path.length - 1], item: undefined, at: 'key' });
    }
    if (n.kind === 'leaf' && typeof n.schema['x-ref'] === 'string' && n.value !== undefined) {
      out.push({ ref: n.schema, path: n.path, name: String(n.value), item: undefined, at: 'value' });
    } else if (n.kind === 'leaf-list' && Array.isArray(n.value)) {
      const items = itemSchema(n.schema);
      const ref =
        typeof items['x-ref'] === 'string'
          ? items
          : typeof n.schema['x-ref'] === 'string'
            ? n.schema
            : undefined;
      if (ref)
        for (const v of n.value)
          out.push({ ref, path: n.path, name: String(v), item: String(v), at: 'value' });
    }
  },
});

const targets = new WeakMap<SchemaNode, readonly string[]>();

/** The words of a reference's `x-ref` target, split once per schema node. */
function targetOf(ref: SchemaNode): readonly string[] {
  let t = targets.get(ref);
  if (t === undefined) targets.set(ref, (t = String(ref['x-ref']).split(' ')));
  return t;
}

function check(ctx: RuleContext): void {
  const one = ({ ref, path, name, item, at }: RefUse) => {
    const target = targetOf(ref);
    if (referenceExists(ctx, target, name)) return;
    const severity: Severity = ref['x-ref-severity'] === 'warning' ? 'warning' : 'error';
    const message =
      typeof ref['x-ref-message'] === 'string'
        ? ref['x-ref-message']
        : `Referenced ${target[target.length - 1]} must be defined under [edit ${target.join(' ')}]`;
    ctx.report({
      code: severity === 'warning' ? 'REFERENCE_DANGLING' : 'REFERENCE_UNDEFINED',
      message,
      path,
      item,
      at,
      severity,
      related: [relatedInfo(ctx, target, name)],
    });
  };
  for (const u of walk.run(ctx.schema, ctx.tree)) one(u);
}

export const referenceExistsRule: Rule = { id: 'reference-exists', check };
