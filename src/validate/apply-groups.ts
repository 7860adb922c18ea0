/**
 * Configuration groups for validation (junos-cli.md §8): `groups { G { ... } }`
 * holds configuration that `apply-groups [ G ... ]` at any level (the root
 * included) makes that level inherit; Junos expands them before the constraint
 * checks ("building groups inheritance path"), so a ca-profile defined only in
 * an applied group satisfies references, and a bad value in a group fails the
 * commit. The stored and printed configuration stays unexpanded.
 *
 * `groups` and `apply-groups` are statements the schema does not model: the
 * parsers keep them verbatim ("@opaque"). Here each group's statements are
 * re-applied, as `set` lines relative to the group, through the project's own
 * ConfigBuilder, which gives a modelled tree per group with the spans of the
 * statements inside the group; those trees are then merged into the
 * configuration at every level that applies them:
 * - the list order of `apply-groups` is priority order (first group wins), and
 *   groups applied at a lower level win over groups applied above it;
 * - what is configured locally wins; leaf-lists are unioned (local values first);
 * - `apply-groups-except [ G ]` stops the inheritance of G at that level and below;
 * - a list entry named `<pattern>` in a group (`ca-profile <*>`, `<ge-*>`,
 *   `<xe-0/0/[0-3]>`: glob `*`, `?`, `[...]`) applies to every entry of that
 *   list whose name matches, and is never created itself;
 * - inactive statements (in the group or applying it) inherit nothing.
 */
import type { ConfigPath, Diagnostic, Span } from '../diag/diagnostic.js';
import {
  EMPTY_TREE,
  META_KEY,
  OPAQUE_KEY,
  ORDER_KEY,
  isReservedKey,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { SpanMap, pathKey, type StatementSpans } from '../tree/span-map.js';
import { deepFreeze, isObject, listNames } from '../tree/tree-ops.js';
import type { RefNode, Reftree } from '../reftree/reftree.js';
import { ConfigBuilder } from '../syntax/builder.js';
import { deltaFromExact, recordedListBase } from '../syntax/print-curly.js';
import type { Word } from '../syntax/words.js';
import { unquote } from '../../grammar/lexer.js';

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

/** One group, read into a modelled tree. */
interface Group {
  readonly name: string;
  readonly tree: ConfigObject;
  readonly spans: SpanMap;
}

/** A group's node that applies at the level being expanded, and its path inside the group. */
interface Source {
  readonly group: string;
  readonly node: ConfigObject;
  readonly gpath: readonly string[];
}

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
  const groupStmts = ((tree[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined) ?? []).filter(
    (s) => s.words[0] === 'groups' && !s.meta?.inactive,
  );
  // without groups nothing can be inherited (an apply-groups naming no group inherits nothing)
  if (groupStmts.length === 0) {
    return { tree, spans, inheritedFrom: NO_GROUP, inherited: [], diagnostics: [] };
  }
  const { groups, diagnostics } = cachedGroups(groupStmts, spans, rt);
  /**
   * The marks, in expansion order, as runs below a base path: a fresh mark is
   * a run of one at the root; a memoized subtree replays its marks as one run
   * below its path. The maps are built from them on first use (diagnostics,
   * `display inheritance`), not on every validation.
   */
  const runs: MarkRun[] = [];
  const record = (m: Mark): void => {
    runs.push({ base: [], marks: [m] });
  };
  let built:
    { byPath: Map<string, string>; list: (readonly [ConfigPath, string])[]; overlay: SpanMap } | undefined;
  const materialize = (): NonNullable<typeof built> => {
    if (built) return built;
    const b = {
      byPath: new Map<string, string>(),
      list: [] as (readonly [ConfigPath, string])[],
      overlay: new SpanMap(),
    };
    for (const r of runs) {
      for (const m of r.marks) {
        const p = r.base.length ? [...r.base, ...m.path] : m.path;
        b.byPath.set(pathKey(p), m.group);
        b.list.push([p, m.group]);
        if (m.span) b.overlay.set(p, m.span);
      }
    }
    return (built = b);
  };

  const spanOfGroup = (s: Source, rel: readonly string[]): StatementSpans | undefined => {
    const g = groups.get(s.group);
    const sp = g?.spans.get([...s.gpath, ...rel]);
    return sp && sp.statement.source !== '' ? sp : undefined;
  };
  const mark = (path: readonly string[], s: Source, rel: readonly string[]): void =>
    record({ path, group: s.group, span: spanOfGroup(s, rel) });

  /** The nodes of group g at a configuration path: exact entries first, then matching `<pattern>` entries. */
  const groupNodesAt = (g: Group, path: readonly string[]): Source[] => {
    let found: { node: ConfigObject; gpath: string[] }[] = [{ node: g.tree, gpath: [] }];
    let scope: RefNode = rt.root;
    for (let i = 0; i < path.length && found.length; i++) {
      const child = scope.children.get(path[i]);
      if (!child) return [];
      if (child.kind === 'container') {
        found = found.flatMap((f) => {
          const v = f.node[child.name];
          return isObject(v) && !inactive(v) ? [{ node: v, gpath: [...f.gpath, child.name] }] : [];
        });
        scope = child;
      } else if (child.kind === 'list' && child.entry && i + 1 < path.length) {
        const name = path[++i];
        found = found.flatMap((f) => {
          const list = f.node[child.name];
          return isObject(list)
            ? entriesFor(list, name).map((e) => ({ node: e.node, gpath: [...f.gpath, child.name, e.name] }))
            : [];
        });
        scope = child.entry;
      } else {
        return [];
      }
    }
    return found.map((f) => ({ group: g.name, node: f.node, gpath: f.gpath }));
  };

  /**
   * expandObj of a configured object, memoized per object: a commit that
   * changed one entry of a big list gets the other entries' expansions (the
   * same objects) back, so validation keeps its per-entry caches; the marks of
   * the subtree are replayed below the path.
   */
  const expandObj = (
    local: ConfigObject | undefined,
    path: readonly string[],
    scope: RefNode,
    from: readonly Source[],
    except: ReadonlySet<string>,
  ): ConfigObject | undefined => {
    if (!local) return computeObj(local, path, scope, from, except);
    const key = pathKey(path);
    const hit = objMemo.get(local);
    if (
      hit &&
      hit.groups === groups &&
      hit.path === key &&
      hit.scope === scope &&
      sameSources(hit.from, from) &&
      sameSet(hit.except, except)
    ) {
      if (hit.marks.length) runs.push({ base: path, marks: hit.marks });
      return hit.result;
    }
    const at = runs.length;
    const result = computeObj(local, path, scope, from, except);
    const rel: Mark[] = [];
    for (const r of runs.slice(at))
      for (const m of r.marks) rel.push({ ...m, path: [...r.base, ...m.path].slice(path.length) });
    objMemo.set(local, { groups, path: key, scope, from, except, result, marks: rel });
    return result;
  };

  const computeObj = (
    local: ConfigObject | undefined,
    path: readonly string[],
    scope: RefNode,
    from: readonly Source[],
    except: ReadonlySet<string>,
  ): ConfigObject | undefined => {
    if (local && inactive(local)) return local;
    let ex = except;
    const own: string[] = [];
    if (local) {
      const op = local[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined;
      if (op) {
        const blocked = namesOf(op, 'apply-groups-except');
        if (blocked.length) ex = new Set([...except, ...blocked]);
        own.push(...namesOf(op, 'apply-groups'));
      }
    }
    const sources: Source[] = [];
    for (const name of own) {
      if (ex.has(name)) continue;
      const g = groups.get(name);
      if (g) sources.push(...groupNodesAt(g, path));
    }
    for (const s of from) if (!ex.has(s.group)) sources.push(s);
    if (!local && sources.length === 0) return undefined;
    // nothing applies here and nothing below applies a group: the subtree stays as it is
    if (local && sources.length === 0 && !hasApplyGroups(local)) return local;

    let out: Record<string, unknown> | undefined;
    const put = (k: string, v: unknown): void => {
      out ??= { ...local };
      out[k] = v;
    };
    for (const k of scope.order) {
      const child = scope.children.get(k)!;
      const lv = local?.[k];
      switch (child.kind) {
        case 'leaf':
        case 'flag': {
          if (lv !== undefined) break;
          const s = sources.find((x) => x.node[k] !== undefined && !inactiveLeaf(x.node, k));
          if (!s) break;
          put(k, s.node[k]);
          mark([...path, k], s, [k]);
          break;
        }
        case 'leaf-list': {
          const values: string[] = Array.isArray(lv) ? [...(lv as readonly string[])] : [];
          let added = false;
          let listMarked = false;
          for (const s of sources) {
            const sv = s.node[k];
            if (!Array.isArray(sv) || inactiveLeaf(s.node, k)) continue;
            for (const v of sv as readonly string[]) {
              if (values.includes(v)) continue;
              values.push(v);
              added = true;
              mark([...path, k, v], s, [k]);
              if (lv === undefined && !listMarked) {
                mark([...path, k], s, [k]);
                listMarked = true;
              }
            }
          }
          if (added) put(k, values);
          break;
        }
        case 'container': {
          const sub: Source[] = [];
          for (const s of sources) {
            const v = s.node[k];
            if (isObject(v) && !inactive(v)) sub.push({ group: s.group, node: v, gpath: [...s.gpath, k] });
          }
          if (lv !== undefined && !isObject(lv)) break;
          if (lv === undefined && sub.length === 0) break;
          const r = expandObj(lv, [...path, k], child, sub, ex);
          if (r !== lv && r !== undefined) {
            put(k, r);
            if (lv === undefined) mark([...path, k], sub[0], []);
          }
          break;
        }
        case 'list': {
          if (lv !== undefined && !isObject(lv)) break;
          const r = expandList(lv, [...path, k], child, sources, ex);
          if (r !== lv && r !== undefined) put(k, r);
          break;
        }
      }
    }
    return out ? (out as ConfigObject) : (local ?? {});
  };

  const expandList = (
    local: ConfigObject | undefined,
    path: readonly string[],
    node: RefNode,
    sources: readonly Source[],
    except: ReadonlySet<string>,
  ): ConfigObject | undefined => {
    const k = node.name;
    const entry = node.entry;
    if (!entry) return local;
    const lists: { s: Source; list: ConfigObject }[] = [];
    for (const s of sources) {
      const v = s.node[k];
      if (isObject(v) && !inactive(v)) lists.push({ s, list: v });
    }
    const names = listNames(local);
    // exact names first (in priority order), so that patterns also match inherited entries
    for (const { list } of lists)
      for (const n of listNames(list))
        if (!isPattern(n) && !names.includes(n) && !inactive(list[n])) names.push(n);
    if (names.length === 0) return local;
    let out: Record<string, unknown> | undefined;
    for (const n of names) {
      const lv = local?.[n];
      if (lv !== undefined && !isObject(lv)) continue;
      const sub: Source[] = [];
      for (const { s, list } of lists) {
        for (const e of entriesFor(list, n))
          sub.push({ group: s.group, node: e.node, gpath: [...s.gpath, k, e.name] });
      }
      // local entries may hold `apply-groups` of their own: always descend
      const r = expandObj(lv, [...path, n], entry, sub, except);
      if (r === undefined || r === lv) continue;
      out ??= { ...local };
      out[n] = r;
      if (lv === undefined) mark([...path, n], sub[0], []);
    }
    if (!out) return local;
    out[ORDER_KEY] = names;
    return out as ConfigObject;
  };

  const root = expandObj(tree, [], rt.root, [], new Set()) ?? tree;
  if (root === tree && runs.length === 0) {
    return { tree, spans, inheritedFrom: NO_GROUP, inherited: [], diagnostics };
  }
  return {
    tree: deepFreeze(root),
    spans: new OverlaySpans(() => materialize().overlay, spans),
    inheritedFrom(path: ConfigPath): string | undefined {
      for (let n = path.length; n > 0; n--) {
        const g = materialize().byPath.get(pathKey(path.slice(0, n)));
        if (g !== undefined) return g;
      }
      return undefined;
    },
    get inherited() {
      return materialize().list;
    },
    diagnostics,
  };
}

/** One inherited statement: its path (relative to a memoized subtree in ObjMemo), group and span in the group. */
interface Mark {
  readonly path: readonly string[];
  readonly group: string;
  readonly span?: StatementSpans;
}

interface MarkRun {
  readonly base: readonly string[];
  readonly marks: readonly Mark[];
}

interface ObjMemo {
  readonly groups: ReadonlyMap<string, Group>;
  readonly path: string;
  readonly scope: RefNode;
  readonly from: readonly Source[];
  readonly except: ReadonlySet<string>;
  readonly result: ConfigObject | undefined;
  readonly marks: readonly Mark[];
}

const objMemo = new WeakMap<ConfigObject, ObjMemo>();

function sameSources(a: readonly Source[], b: readonly Source[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].group !== b[i].group || a[i].node !== b[i].node) return false;
    if (a[i].gpath.length !== b[i].gpath.length || a[i].gpath.some((w, j) => w !== b[i].gpath[j]))
      return false;
  }
  return true;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

interface GroupsRead {
  readonly stmts: readonly OpaqueStatement[];
  readonly rt: Reftree;
  readonly groups: ReadonlyMap<string, Group>;
  readonly diagnostics: readonly Diagnostic[];
}

const groupsMemo = new WeakMap<OpaqueStatement, GroupsRead>();

/**
 * readGroups, memoized on the `groups` statements (frozen, shared by the
 * versions of a configuration that did not change them), so that the group
 * trees keep their identity from one validation to the next. Their spans are
 * those of the first read: an unchanged statement keeps its position.
 */
function cachedGroups(
  stmts: readonly OpaqueStatement[],
  spans: SpanMap | undefined,
  rt: Reftree,
): GroupsRead {
  const hit = groupsMemo.get(stmts[0]);
  if (hit && hit.rt === rt && hit.stmts.length === stmts.length && hit.stmts.every((x, i) => x === stmts[i]))
    return hit;
  const diagnostics: Diagnostic[] = [];
  const groups = readGroups(stmts, spans, rt, diagnostics);
  const read = { stmts, rt, groups, diagnostics };
  if (Object.isFrozen(stmts[0])) groupsMemo.set(stmts[0], read);
  return read;
}

/** A SpanMap that answers from the inherited statements first, then from the configuration's. */
class OverlaySpans extends SpanMap {
  constructor(
    private readonly top: () => SpanMap,
    private readonly base: SpanMap | undefined,
  ) {
    super();
  }

  override get(path: ConfigPath): StatementSpans | undefined {
    return this.top().get(path) ?? this.base?.get(path);
  }

  override nearest(path: ConfigPath): { path: ConfigPath; spans: StatementSpans } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const s = this.get(p);
      if (s) return { path: p, spans: s };
    }
    return undefined;
  }
}

function inactive(v: unknown): boolean {
  return isObject(v) && !!(v[META_KEY] as NodeMeta | undefined)?.inactive;
}

function inactiveLeaf(obj: ConfigObject, k: string): boolean {
  return !!(obj[META_KEY + k] as NodeMeta | undefined)?.inactive;
}

/** True for a wildcard identifier of a group: `<*>`, `<ge-*>`, `<xe-0/0/[0-3]>`. */
export function isPattern(name: string): boolean {
  return name.length > 2 && name.startsWith('<') && name.endsWith('>');
}

const patternCache = new Map<string, RegExp>();

/** Whether an identifier matches a group wildcard `<glob>` (`*`, `?`, `[a-z]`, `[!a-z]`). */
export function matchesPattern(pattern: string, name: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    const glob = pattern.slice(1, -1);
    let src = '';
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i];
      if (c === '*') src += '.*';
      else if (c === '?') src += '.';
      else if (c === '[') {
        const close = glob.indexOf(']', i + 2);
        if (close < 0) {
          src += '\\[';
          continue;
        }
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        src += '[' + body.replace(/[\\\]]/g, '\\$&') + ']';
        i = close;
      } else src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
    try {
      re = new RegExp('^(?:' + src + ')$');
    } catch {
      re = /^$(?!)/;
    }
    patternCache.set(pattern, re);
  }
  return re.test(name);
}

/** The entries of a group's list that apply to entry `name`: the exact one, then matching patterns. */
function entriesFor(list: ConfigObject, name: string): { name: string; node: ConfigObject }[] {
  const out: { name: string; node: ConfigObject }[] = [];
  const exact = list[name];
  if (isObject(exact) && !inactive(exact)) out.push({ name, node: exact });
  for (const n of listNames(list)) {
    if (n === name || !isPattern(n)) continue;
    const e = list[n];
    if (isObject(e) && !inactive(e) && matchesPattern(n, name)) out.push({ name: n, node: e });
  }
  return out;
}

/** The value of a raw word: quotes removed; `[` for a `[ a b ]` list (as the parsers key spans). */
function textOf(raw: string): string {
  if (raw.startsWith('"')) return unquote(raw);
  if (raw.startsWith('[')) return '[';
  return raw;
}

/** The items of a raw `[ a b "c d" ]` value list. */
function listItems(raw: string): string[] {
  return [...raw.slice(1, raw.endsWith(']') ? -1 : undefined).matchAll(/"(?:[^"\\]|\\.)*"?|[^\s[\]"]+/g)].map(
    (m) => m[0],
  );
}

/** The group names of the (active) `apply-groups` / `apply-groups-except` statements of a level. */
function namesOf(stmts: readonly OpaqueStatement[], keyword: string): string[] {
  const out: string[] = [];
  const addWords = (words: readonly string[]): void => {
    for (const w of words) {
      const items = w.startsWith('[') ? listItems(w) : [w];
      for (const i of items) {
        const t = textOf(i);
        if (!out.includes(t)) out.push(t);
      }
    }
  };
  const addKids = (kids: readonly OpaqueStatement[] | undefined): void => {
    for (const k of kids ?? []) {
      if (k.meta?.inactive) continue;
      addWords(k.words);
      addKids(k.children);
    }
  };
  for (const s of stmts) {
    if (s.words[0] !== keyword || s.meta?.inactive) continue;
    addWords(s.words.slice(1));
    addKids(s.children);
  }
  return out;
}

/**
 * Memoized per frozen object (a commit re-checks only the path to its change);
 * a big list is answered from an earlier version of it through its list delta
 * (print-curly.ts) when that had no apply-groups. [STORE: commit speed]
 */
const applyGroupsMemo = new WeakMap<object, boolean>();
const noApplyGroupsLists = new WeakMap<readonly string[], ConfigObject>();

function hasApplyGroups(obj: ConfigObject): boolean {
  const hit = applyGroupsMemo.get(obj);
  if (hit !== undefined) return hit;
  const r = hasApplyGroupsOnce(obj);
  if (Object.isFrozen(obj)) applyGroupsMemo.set(obj, r);
  const order = obj[ORDER_KEY];
  if (!r && Array.isArray(order) && Object.isFrozen(obj)) noApplyGroupsLists.set(order, obj);
  return r;
}

function hasApplyGroupsOnce(obj: ConfigObject): boolean {
  const op = obj[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined;
  if (op?.some((s) => s.words[0] === 'apply-groups')) return true;
  const order = obj[ORDER_KEY];
  if (Array.isArray(order) && Object.isFrozen(obj)) {
    const recorded = recordedListBase(obj);
    const base =
      recorded !== undefined && applyGroupsMemo.get(recorded) === false
        ? recorded
        : noApplyGroupsLists.get(order);
    const changed = base !== undefined ? deltaFromExact(obj, base) : undefined;
    if (changed !== undefined) return changed.some((n) => isObject(obj[n]) && hasApplyGroups(obj[n]));
  }
  for (const k in obj) {
    if (isReservedKey(k)) continue;
    const v = obj[k];
    if (isObject(v) && hasApplyGroups(v)) return true;
  }
  return false;
}

/** One statement inside `groups`, as a set line from `groups`: raw words and span key. */
interface Item {
  readonly raw: readonly string[];
  readonly key: readonly string[];
  readonly block: boolean;
}

function flatten(
  stmts: readonly OpaqueStatement[],
  raw: readonly string[],
  key: readonly string[],
  out: Item[],
): void {
  for (const s of stmts) {
    if (s.meta?.inactive) continue;
    const r = [...raw, ...s.words];
    const k = [...key, ...s.words.map(textOf)];
    if (s.children && s.children.length > 0) flatten(s.children, r, k, out);
    else out.push({ raw: r, key: k, block: s.children !== undefined });
  }
}

/** Reads every group into a modelled tree by applying its statements as set lines. */
function readGroups(
  stmts: readonly OpaqueStatement[],
  spans: SpanMap | undefined,
  rt: Reftree,
  diagnostics: Diagnostic[],
): Map<string, Group> {
  const items: Item[] = [];
  for (const s of stmts) {
    const k = s.words.map(textOf);
    if (s.children && s.children.length > 0) flatten(s.children, s.words, k, items);
    else items.push({ raw: s.words, key: k, block: s.children !== undefined });
  }
  const builders = new Map<string, ConfigBuilder>();
  for (const it of items) {
    if (it.raw.length < 2) continue;
    const name = it.key[1];
    let b = builders.get(name);
    if (!b) {
      b = new ConfigBuilder(EMPTY_TREE, new SpanMap(), rt);
      builders.set(name, b);
    }
    if (it.raw.length < 3) continue;
    const at: Span = spans?.nearest(it.key)?.spans.statement ?? { source: '', start: 0, end: 0 };
    const words: Word[] = it.raw.slice(2).map((r) => wordAt(r, at));
    const before = b.diagnostics.length;
    b.walk([], rt.root, words, { statement: at, source: at.source, block: it.block });
    for (const d of b.diagnostics.splice(before)) {
      const { span: _drop, ...rest } = d;
      diagnostics.push({
        ...rest,
        message: `${d.message} (in group '${name}')`,
        path: ['groups', name, ...(d.path ?? [])],
        ...(at.source !== '' ? { span: at } : {}),
      });
    }
  }
  const out = new Map<string, Group>();
  for (const [name, b] of builders) out.set(name, { name, tree: b.finish(), spans: b.spans });
  return out;
}

/** A word of a group statement, placed at the statement (the words' own offsets are not kept). */
function wordAt(raw: string, at: Span): Word {
  const base = { raw, start: at.start, end: at.end };
  if (raw.startsWith('[')) {
    return { ...base, text: '[', quoted: false, list: listItems(raw).map((i) => wordAt(i, at)) };
  }
  const quoted = raw.startsWith('"');
  return { ...base, text: quoted ? unquote(raw) : raw, quoted };
}
