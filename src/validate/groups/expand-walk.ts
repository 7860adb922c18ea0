/**
 * The expansion walk (junos-cli.md §8): down the configuration, level by
 * level in schema order, each level gets what the groups applying to it hold
 * and it lacks:
 * - the list order of `apply-groups` is priority order (first group wins), and
 *   groups applied at a lower level win over groups applied above it;
 * - what is configured locally wins; leaf-lists are unioned (local values first);
 * - `apply-groups-except [ G ]` stops the inheritance of G at that level and below;
 * - `<pattern>` entries of a group's list apply to the matching entries (group-pattern.ts);
 * - inactive statements (in the group or applying it) inherit nothing.
 * A subtree nothing applies to, and that applies nothing itself, is returned
 * as it is (same object). Every inherited statement is marked (marks.ts).
 */
import {
  ORDER_KEY,
  isInactive,
  isInactiveLeaf,
  isObject,
  type ConfigObject,
} from '../../tree/config-tree.js';
import { pathKey } from '../../tree/span-map.js';
import { listNames } from '../../tree/tree-ops.js';
import { scopeOf, type RefNode, type Reftree } from '../../reftree/reftree.js';
import { applyStatementsOf, hasApplyGroups } from './apply-statements.js';
import { memoized, remember, type Level, type Source } from './expansion-memo.js';
import { entriesFor, isPattern } from './group-pattern.js';
import type { Marks } from './marks.js';
import type { Group } from './read-groups.js';

type Mutable = Record<string, unknown>;

export class ExpansionWalk {
  constructor(
    private readonly groups: ReadonlyMap<string, Group>,
    private readonly rt: Reftree,
    private readonly marks: Marks,
  ) {}

  /** The expanded object of a level (undefined: nothing there and nothing inherited), memoized per object. */
  expandObj(lv: Level): ConfigObject | undefined {
    const local = lv.local;
    if (!local) return this.computeObj(lv);
    const key = pathKey(lv.path);
    const hit = memoized(local, this.groups, key, lv);
    if (hit) {
      this.marks.replay(lv.path, hit.marks);
      return hit.result;
    }
    const at = this.marks.position;
    const result = this.computeObj(lv);
    remember(local, this.groups, key, lv, result, this.marks.since(at, lv.path));
    return result;
  }

  private computeObj(lv: Level): ConfigObject | undefined {
    const { local, path, scope } = lv;
    if (local && isInactive(local)) return local;
    const { applied, blocked } = applyStatementsOf(local);
    const except = blocked.length ? new Set([...lv.except, ...blocked]) : lv.except;
    const sources: Source[] = [];
    for (const name of applied) {
      if (except.has(name)) continue;
      const g = this.groups.get(name);
      if (g) sources.push(...this.groupNodesAt(g, path));
    }
    for (const s of lv.from) if (!except.has(s.group)) sources.push(s);
    if (!local && sources.length === 0) return undefined;
    // nothing applies here and nothing below applies a group: the subtree stays as it is
    if (local && sources.length === 0 && !hasApplyGroups(local)) return local;
    let out: Mutable | undefined;
    for (const k of scope.order) {
      const v = this.inheritChild(k, scope.children.get(k)!, local?.[k], path, sources, except);
      if (v === undefined) continue;
      out ??= { ...local };
      out[k] = v;
    }
    return out ? (out as ConfigObject) : (local ?? {});
  }

  /** The new value of child `k` (schema node `node`) of a level (lv: its configured value), or undefined if unchanged. */
  private inheritChild(
    k: string,
    node: RefNode,
    lv: unknown,
    path: readonly string[],
    sources: readonly Source[],
    except: ReadonlySet<string>,
  ): unknown {
    switch (node.kind) {
      case 'leaf':
      case 'flag': {
        if (lv !== undefined) return undefined;
        const s = sources.find((x) => x.node[k] !== undefined && !isInactiveLeaf(x.node, k));
        if (!s) return undefined;
        this.mark([...path, k], s, [k]);
        return s.node[k];
      }
      case 'leaf-list':
        return this.inheritLeafList(k, lv, path, sources);
      case 'container': {
        const sub: Source[] = [];
        for (const s of sources) {
          const v = s.node[k];
          if (isObject(v) && !isInactive(v)) sub.push({ group: s.group, node: v, gpath: [...s.gpath, k] });
        }
        if (lv !== undefined && !isObject(lv)) return undefined;
        if (lv === undefined && sub.length === 0) return undefined;
        const r = this.expandObj({ local: lv, path: [...path, k], scope: node, from: sub, except });
        if (r === lv || r === undefined) return undefined;
        if (lv === undefined) this.mark([...path, k], sub[0], []);
        return r;
      }
      case 'list': {
        if (lv !== undefined && !isObject(lv)) return undefined;
        const r = this.expandList(lv, [...path, k], node, sources, except);
        return r !== lv && r !== undefined ? r : undefined;
      }
    }
  }

  /** A leaf-list with the groups' values added after the local ones (each value marked). */
  private inheritLeafList(
    k: string,
    lv: unknown,
    path: readonly string[],
    sources: readonly Source[],
  ): string[] | undefined {
    const values: string[] = Array.isArray(lv) ? [...(lv as readonly string[])] : [];
    let added = false;
    let listMarked = false;
    for (const s of sources) {
      const sv = s.node[k];
      if (!Array.isArray(sv) || isInactiveLeaf(s.node, k)) continue;
      for (const v of sv as readonly string[]) {
        if (values.includes(v)) continue;
        values.push(v);
        added = true;
        this.mark([...path, k, v], s, [k]);
        if (lv === undefined && !listMarked) {
          this.mark([...path, k], s, [k]);
          listMarked = true;
        }
      }
    }
    return added ? values : undefined;
  }

  private expandList(
    local: ConfigObject | undefined,
    path: readonly string[],
    node: RefNode,
    sources: readonly Source[],
    except: ReadonlySet<string>,
  ): ConfigObject | undefined {
    const k = node.name;
    const entry = node.entry;
    if (!entry) return local;
    const lists: { s: Source; list: ConfigObject }[] = [];
    for (const s of sources) {
      const v = s.node[k];
      if (isObject(v) && !isInactive(v)) lists.push({ s, list: v });
    }
    const names = listNames(local);
    // exact names first (in priority order), so that patterns also match inherited entries
    if (lists.length) {
      const seen = new Set(names);
      for (const { list } of lists)
        for (const n of listNames(list))
          if (!isPattern(n) && !seen.has(n) && !isInactive(list[n])) {
            names.push(n);
            seen.add(n);
          }
    }
    if (names.length === 0) return local;
    let out: Mutable | undefined;
    for (const n of names) {
      const lv = local?.[n];
      if (lv !== undefined && !isObject(lv)) continue;
      const sub: Source[] = [];
      for (const { s, list } of lists) {
        for (const e of entriesFor(list, n))
          sub.push({ group: s.group, node: e.node, gpath: [...s.gpath, k, e.name] });
      }
      // local entries may hold `apply-groups` of their own: always descend
      const r = this.expandObj({ local: lv, path: [...path, n], scope: entry, from: sub, except });
      if (r === undefined || r === lv) continue;
      out ??= { ...local };
      out[n] = r;
      if (lv === undefined) this.mark([...path, n], sub[0], []);
    }
    if (!out) return local;
    out[ORDER_KEY] = names;
    return out as ConfigObject;
  }

  /** The nodes of group g at a configuration path: exact entries first, then matching `<pattern>` entries. */
  private groupNodesAt(g: Group, path: readonly string[]): Source[] {
    let found: { node: ConfigObject; gpath: string[] }[] = [{ node: g.tree, gpath: [] }];
    let scope: RefNode = scopeOf(this.rt.groups);
    for (let i = 0; i < path.length && found.length; i++) {
      const child = scope.children.get(path[i]);
      if (!child) return [];
      if (child.kind === 'container') {
        found = found.flatMap((f) => {
          const v = f.node[child.name];
          return isObject(v) && !isInactive(v) ? [{ node: v, gpath: [...f.gpath, child.name] }] : [];
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
  }

  /** Marks the statement at `path` as inherited from s, with its span at `rel` below s in the group. */
  private mark(path: readonly string[], s: Source, rel: readonly string[]): void {
    const sp = this.groups.get(s.group)?.spans.get([...s.gpath, ...rel]);
    this.marks.add({ path, group: s.group, span: sp && sp.statement.source !== '' ? sp : undefined });
  }
}
