/**
 * The memo of group expansion per configured object: a commit that changed
 * one entry of a big list gets the other entries' expansions (the same
 * objects) back, so validation keeps its per-entry caches. An entry is reused
 * only for the same groups, path, schema node, inherited sources and blocked
 * groups; it keeps the subtree's marks relative to its path.
 */
import type { ConfigObject } from '../../tree/config-tree.js';
import type { RefNode } from '../../reftree/reftree.js';
import type { Mark } from './marks.js';
import type { Group } from './read-groups.js';

/** A group's node that applies at the level being expanded, and its path inside the group. */
export interface Source {
  readonly group: string;
  readonly node: ConfigObject;
  readonly gpath: readonly string[];
}

/** One level of the expansion walk: what is configured there and what it inherits. */
export interface Level {
  readonly local: ConfigObject | undefined;
  readonly path: readonly string[];
  readonly scope: RefNode;
  /** Group nodes inherited from above that apply here. */
  readonly from: readonly Source[];
  /** Groups stopped by `apply-groups-except` here or above. */
  readonly except: ReadonlySet<string>;
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

/** The remembered expansion of `local` at this level, if it was expanded the same way before. */
export function memoized(
  local: ConfigObject,
  groups: ReadonlyMap<string, Group>,
  key: string,
  lv: Level,
): { result: ConfigObject | undefined; marks: readonly Mark[] } | undefined {
  const hit = objMemo.get(local);
  if (
    hit &&
    hit.groups === groups &&
    hit.path === key &&
    hit.scope === lv.scope &&
    sameSources(hit.from, lv.from) &&
    sameSet(hit.except, lv.except)
  )
    return hit;
  return undefined;
}

export function remember(
  local: ConfigObject,
  groups: ReadonlyMap<string, Group>,
  key: string,
  lv: Level,
  result: ConfigObject | undefined,
  marks: readonly Mark[],
): void {
  objMemo.set(local, { groups, path: key, scope: lv.scope, from: lv.from, except: lv.except, result, marks });
}

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
