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
import { activeObjectAt, opaqueHas, opaqueOf } from '../opaque.js';
import {
  itemSchema,
  kindOf,
  nameSchema,
  properties,
  walkSchemaTree,
  type SchemaNode,
} from '../schema-node.js';

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
  if (kindOf(schema) === 'list' || properties(schema)[name])
    return isObject(value) && value[name] !== undefined;
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

function check(ctx: RuleContext): void {
  const one = (
    ref: SchemaNode,
    path: ConfigPath,
    name: string,
    item: string | undefined,
    at: 'key' | 'value',
  ) => {
    const target = String(ref['x-ref']).split(' ');
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
  walkSchemaTree(ctx.schema, ctx.tree, (n) => {
    if (n.list) {
      const ns = nameSchema(n.list);
      if (typeof ns['x-ref'] === 'string') one(ns, n.path, n.path[n.path.length - 1], undefined, 'key');
    }
    if (n.kind === 'leaf' && typeof n.schema['x-ref'] === 'string' && n.value !== undefined) {
      one(n.schema, n.path, String(n.value), undefined, 'value');
    } else if (n.kind === 'leaf-list' && Array.isArray(n.value)) {
      const items = itemSchema(n.schema);
      const ref =
        typeof items['x-ref'] === 'string'
          ? items
          : typeof n.schema['x-ref'] === 'string'
            ? n.schema
            : undefined;
      if (ref) for (const v of n.value) one(ref, n.path, String(v), String(v), 'value');
    }
  });
}

export const referenceExistsRule: Rule = { id: 'reference-exists', check };
