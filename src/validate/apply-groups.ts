/**
 * Configuration groups for validation (junos-cli.md §8): `groups { G { ... } }`
 * holds configuration that `apply-groups [ G ... ]` at any level (the root
 * included) makes that level inherit; Junos expands them before the constraint
 * checks ("building groups inheritance path"), so a ca-profile defined only in
 * an applied group satisfies references, and a bad value in a group fails the
 * commit. The stored and printed configuration stays unexpanded.
 *
 * The pieces, under groups/: read-groups.ts reads each group into a modelled
 * tree; expand-walk.ts merges them into the configuration at every level that
 * applies them (the inheritance rules are written there), with group-pattern.ts
 * for `<pattern>` entries and apply-statements.ts for the `apply-groups`
 * statements; expansion-memo.ts keeps per-object results between validations;
 * marks.ts records what was inherited from where.
 */
import type { ConfigPath, Diagnostic } from '../diag/diagnostic.js';
import { OPAQUE_KEY, type ConfigTree, type OpaqueStatement, deepFreeze } from '../tree/config-tree.js';
import { pathKey, type SpanMap } from '../tree/span-map.js';

import type { Reftree } from '../reftree/reftree.js';
import { ExpansionWalk } from './groups/expand-walk.js';
import { Marks, OverlaySpans } from './groups/marks.js';
import { cachedGroups, groupStatements } from './groups/read-groups.js';

/** The configuration with its groups applied. */
export interface Expansion {
  /** The raw tree (metadata kept) with every inherited statement added; frozen. */
  readonly tree: ConfigTree;
  /** The spans of the configuration, and of each inherited statement inside its group. */
  readonly spans: SpanMap | undefined;
  /** The group a statement was inherited from (the statement or its nearest inherited ancestor). */
  inheritedFrom(path: ConfigPath): string | undefined;
  /**
   * Every inherited statement and its group, in expansion order: nodes by their
   * path, single leaf-list values by the leaf-list's path plus the value
   * (`show | display inheritance` comments each one).
   */
  readonly inherited: readonly (readonly [ConfigPath, string])[];
  /** Statements inside `groups` that the schema rejects (`syntax error, expecting <statement>`...). */
  readonly diagnostics: readonly Diagnostic[];
}

const NO_GROUP = (): undefined => undefined;

const memo = new WeakMap<ConfigTree, { spans: SpanMap | undefined; rt: Reftree; x: Expansion }>();

/**
 * Applies the configuration groups of `tree`. A tree without `groups` is
 * returned as it is (same object, same spans), so that validation keeps
 * sharing the work done on unchanged subtrees.
 */
export function expandGroups(tree: ConfigTree, spans: SpanMap | undefined, rt: Reftree): Expansion {
  const hit = memo.get(tree);
  if (hit && hit.spans === spans && hit.rt === rt) return hit.x;
  const x = expand(tree, spans, rt);
  memo.set(tree, { spans, rt, x });
  return x;
}

function expand(tree: ConfigTree, spans: SpanMap | undefined, rt: Reftree): Expansion {
  const stmts = groupStatements(tree[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined, rt);
  // without groups nothing can be inherited (an apply-groups naming no group inherits nothing)
  if (stmts.length === 0) return { tree, spans, inheritedFrom: NO_GROUP, inherited: [], diagnostics: [] };
  const { groups, diagnostics } = cachedGroups(stmts, spans, rt);
  const marks = new Marks();
  const walk = new ExpansionWalk(groups, rt, marks);
  const root = walk.expandObj({ local: tree, path: [], scope: rt.root, from: [], except: new Set() }) ?? tree;
  if (root === tree && marks.position === 0) {
    return { tree, spans, inheritedFrom: NO_GROUP, inherited: [], diagnostics };
  }
  return {
    tree: deepFreeze(root),
    spans: new OverlaySpans(() => marks.index().overlay, spans),
    inheritedFrom(path: ConfigPath): string | undefined {
      for (let n = path.length; n > 0; n--) {
        const g = marks.index().byPath.get(pathKey(path.slice(0, n)));
        if (g !== undefined) return g;
      }
      return undefined;
    },
    get inherited() {
      return marks.index().list;
    },
    diagnostics,
  };
}
