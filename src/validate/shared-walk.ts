/**
 * The rules' shared schema walk (incremental.ts explains the memos): every
 * registered visitor runs in one walk per (tree, schema), and the findings of
 * each entry of a list are memoized per (entry schema, entry object, entry
 * name) with paths relative to the list, then relocated under the list's path.
 *
 * Only the lists the walk meets outside any entry are memoized: a list inside
 * an entry is walked again only when its entry changed, and one WeakMap entry
 * per nested list (a ca-profile's `crl url`) of a 20,000-entry list was a
 * third of this walk. Memoized or not, the findings are the same.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import { changedSince, isExactList } from '../tree/list-delta.js';
import { ORDER_KEY, type ConfigObject, type ConfigTree } from '../tree/config-tree.js';
import { isObject, listNames } from '../tree/tree-ops.js';
import {
  entrySchema,
  kindOf,
  properties,
  type NodeKind,
  type SchemaNode,
  type WalkNode,
} from '../reftree/schema-node.js';
import { sharedListNames } from './incremental.js';

/** One walk's visitor: adds a node's findings to `out`; `relocate` prefixes a finding's path. */
export interface TreeVisitor<R> {
  readonly visit: (n: WalkNode, out: R[]) => void;
  readonly relocate: (r: R, prefix: ConfigPath) => R;
}

/** A registered visitor: `run` returns its findings for a tree, in walk order. */
export interface SharedWalk<R> {
  run(schema: SchemaNode, tree: ConfigTree): R[];
}

type Findings = readonly (readonly unknown[])[];

const visitors: TreeVisitor<unknown>[] = [];
/** Findings per visitor of the last walks, per (tree, schema): the rules of one validation share one walk. */
const walkResults = new WeakMap<object, Map<SchemaNode, unknown[][]>>();
/** Per entry schema, per entry object: the findings of the entry (per visitor) under its last name. */
const entryMemo = new Map<SchemaNode, WeakMap<object, { name: string; found: Findings }>>();
const NONE: Findings = [];

interface Quiet {
  readonly visitors: number;
  readonly lists: WeakSet<object>;
  readonly byOrder: WeakMap<readonly string[], ConfigObject>;
}
/**
 * Per entry schema: list objects whose entries all had no findings (for every
 * visitor registered at the time), and the last such list per "@order" array.
 */
const quietLists = new Map<SchemaNode, Quiet>();

function quietOf(entry: SchemaNode, visitorCount: number): Quiet {
  let quiet = quietLists.get(entry);
  if (!quiet || quiet.visitors !== visitorCount) {
    quiet = { visitors: visitorCount, lists: new WeakSet(), byOrder: new WeakMap() };
    quietLists.set(entry, quiet);
  }
  return quiet;
}

/** A quiet list is a delta base only if its visited names were its whole "@order". */
function isExactListOf(list: ConfigObject, names: readonly string[]): boolean {
  const order = list[ORDER_KEY] as readonly string[];
  return names.length === order.length && isExactList(list);
}

/** What the walk needs of a schema node, read once per node (not once per data node). */
interface Plan {
  readonly kind: NodeKind;
  /** A container's properties, in schema order. */
  readonly props: readonly (readonly [string, SchemaNode])[];
  /** A list's entry schema and its kind. */
  readonly entry: SchemaNode | undefined;
  readonly entryKind: NodeKind | undefined;
}

const plans = new WeakMap<SchemaNode, Plan>();

function planOf(schema: SchemaNode): Plan {
  let p = plans.get(schema);
  if (p === undefined) {
    const kind = kindOf(schema);
    const props = kind === 'container' ? Object.entries(properties(schema)) : [];
    const entry = kind === 'list' ? entrySchema(schema) : undefined;
    p = { kind, props, entry, entryKind: entry ? kindOf(entry) : undefined };
    plans.set(schema, p);
  }
  return p;
}

/**
 * Registers a visitor of the shared schema walk (rules do this at module load).
 * All registered visitors run in one walk per (tree, schema) — in walk
 * order: parents before children, schema order, list order. `visit` must depend
 * only on the node it is given and use its path only to build findings' paths
 * and to read names from its end (below a list, paths start at the entry name).
 */
export function registerWalk<R>(visitor: TreeVisitor<R>): SharedWalk<R> {
  const index = visitors.length;
  visitors.push(visitor as TreeVisitor<unknown>);
  return {
    run(schema, tree) {
      let bySchema = walkResults.get(tree);
      let all = bySchema?.get(schema);
      if (!all || all.length <= index) {
        all = new Walk(visitors.slice()).run(schema, tree);
        if (Object.isFrozen(tree)) {
          if (!bySchema) walkResults.set(tree, (bySchema = new Map()));
          bySchema.set(schema, all);
        }
      }
      return all[index] as R[];
    },
  };
}

/** One walk of one tree by the visitors registered when it starts. */
class Walk {
  /** An entry's findings are gathered in scratch arrays: most entries have none, and then nothing is allocated. */
  private readonly scratch: unknown[][];
  /** Inside a memoized entry: nested lists are walked plainly. */
  private inEntry = false;

  constructor(private readonly vs: readonly TreeVisitor<unknown>[]) {
    this.scratch = vs.map((): unknown[] => []);
  }

  run(root: SchemaNode, tree: ConfigTree): unknown[][] {
    const outs = this.vs.map((): unknown[] => []);
    this.rec(root, planOf(root), tree, [], outs);
    return outs;
  }

  private visitAll(n: WalkNode, outs: unknown[][]): void {
    const vs = this.vs;
    for (let i = 0; i < vs.length; i++) vs[i].visit(n, outs[i]);
  }

  private rec(schema: SchemaNode, plan: Plan, value: unknown, path: string[], outs: unknown[][]): void {
    this.visitAll({ path, schema, kind: plan.kind, value }, outs);
    if (isObject(value)) this.children(schema, plan, value, path, outs);
  }

  private children(
    schema: SchemaNode,
    plan: Plan,
    value: ConfigObject,
    path: string[],
    outs: unknown[][],
  ): void {
    if (plan.kind === 'container') {
      for (const [key, child] of plan.props) {
        const v = value[key];
        if (v !== undefined) this.rec(child, planOf(child), v, [...path, key], outs);
      }
    } else if (plan.kind === 'list') {
      if (this.inEntry) {
        for (const name of listNames(value)) this.entry(schema, plan, value[name], [...path, name], outs);
      } else {
        this.memoizedList(schema, plan, value, path, outs);
      }
    }
  }

  /** A list entry: visited with its list, then its children. */
  private entry(list: SchemaNode, plan: Plan, e: unknown, path: string[], into: unknown[][]): void {
    const entry = plan.entry as SchemaNode;
    this.visitAll({ path, schema: entry, kind: plan.entryKind as NodeKind, value: e, list }, into);
    if (isObject(e)) this.children(entry, planOf(entry), e, path, into);
  }

  /** An entry's findings with paths relative to its list (NONE when it has none). */
  private entryFindings(list: SchemaNode, plan: Plan, e: ConfigObject, name: string): Findings {
    const scratch = this.scratch;
    this.inEntry = true;
    this.entry(list, plan, e, [name], scratch);
    this.inEntry = false;
    if (scratch.every((f) => f.length === 0)) return NONE;
    const found = scratch.map((f) => f.slice());
    for (const f of scratch) f.length = 0;
    return found;
  }

  private memoFor(
    byEntry: WeakMap<object, { name: string; found: Findings }>,
    list: SchemaNode,
    plan: Plan,
    e: ConfigObject,
    name: string,
  ): Findings {
    let hit = byEntry.get(e);
    if (hit === undefined || hit.name !== name) {
      hit = { name, found: this.entryFindings(list, plan, e, name) };
      byEntry.set(e, hit);
    }
    return hit.found;
  }

  private memoizedList(
    schema: SchemaNode,
    plan: Plan,
    value: ConfigObject,
    path: string[],
    outs: unknown[][],
  ): void {
    const entry = plan.entry as SchemaNode;
    const vs = this.vs;
    let byEntry = entryMemo.get(entry);
    if (!byEntry) entryMemo.set(entry, (byEntry = new WeakMap()));
    const order = value[ORDER_KEY];
    const frozenList = Object.isFrozen(value) && Array.isArray(order);
    if (frozenList && this.quietSince(schema, plan, byEntry, value, order as readonly string[])) return;
    let anyFound = false;
    const names = sharedListNames(value);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const e = value[name];
      if (!isObject(e) || !Object.isFrozen(e)) {
        this.entry(schema, plan, e, [...path, name], outs);
        continue;
      }
      const found = this.memoFor(byEntry, schema, plan, e, name);
      if (found === NONE) continue;
      anyFound = true;
      for (let v = 0; v < vs.length; v++) {
        const f = found[v];
        for (let j = 0; j < f.length; j++) outs[v].push(path.length ? vs[v].relocate(f[j], path) : f[j]);
      }
    }
    if (!anyFound && frozenList && isExactListOf(value, names)) {
      const quiet = quietOf(entry, vs.length);
      quiet.lists.add(value);
      quiet.byOrder.set(order as readonly string[], value);
    }
  }

  /** No findings in an earlier version of this list and none in the changed entries: nothing to visit. */
  private quietSince(
    schema: SchemaNode,
    plan: Plan,
    byEntry: WeakMap<object, { name: string; found: Findings }>,
    value: ConfigObject,
    order: readonly string[],
  ): boolean {
    const quiet = quietOf(plan.entry as SchemaNode, this.vs.length);
    const changed = changedSince(value, (b) => quiet.lists.has(b), quiet.byOrder)?.changed;
    if (changed === undefined) return false;
    for (const name of changed) {
      const e = value[name];
      if (!isObject(e) || !Object.isFrozen(e)) return false;
      if (this.memoFor(byEntry, schema, plan, e, name) !== NONE) return false;
    }
    quiet.lists.add(value);
    quiet.byOrder.set(order, value);
    return true;
  }
}
