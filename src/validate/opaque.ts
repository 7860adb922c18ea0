/**
 * Lookups in the statements pkicfg keeps verbatim (`@opaque`): references to
 * hierarchies the schema does not model (`routing-instances R`, `services proxy
 * profile P`, `system tracing`) are resolved here. Inactive statements and
 * statements under inactive nodes do not count, as in Junos.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import {
  META_KEY,
  OPAQUE_KEY,
  type ConfigObject,
  type ConfigTree,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { isObject } from '../tree/tree-ops.js';

/** The raw object at `path` if it and all its ancestors are active; undefined otherwise. */
export function activeObjectAt(raw: ConfigTree, path: ConfigPath): ConfigObject | undefined {
  let cur: ConfigObject = raw;
  for (const w of path) {
    if ((cur[META_KEY + w] as NodeMeta | undefined)?.inactive) return undefined;
    const next = cur[w];
    if (!isObject(next)) return undefined;
    if (inactiveNode(next)) return undefined;
    cur = next;
  }
  return cur;
}

/** Whether a configuration object is marked inactive (`deactivate`, `inactive:`). */
export function inactiveNode(obj: ConfigObject): boolean {
  return (obj[META_KEY] as NodeMeta | undefined)?.inactive === true;
}

/** The opaque statements kept in an object. */
export function opaqueOf(obj: ConfigObject | undefined): readonly OpaqueStatement[] {
  const op = obj?.[OPAQUE_KEY];
  return Array.isArray(op) ? (op as readonly OpaqueStatement[]) : [];
}

/** A raw token image without its surrounding double quotes and escapes. */
export function unquote(w: string): string {
  if (w.length >= 2 && w.startsWith('"') && w.endsWith('"')) return w.slice(1, -1).replace(/\\(.)/g, '$1');
  return w;
}

/**
 * True if an active statement path spells `words` (a prefix is enough:
 * `routing-instances R` matches `routing-instances R { instance-type vrf; }`).
 * Words may be split over nested statements in any way (`services { proxy {
 * profile P ...` or one set-derived statement `services proxy profile P`).
 */
export function opaqueHas(statements: readonly OpaqueStatement[], words: readonly string[]): boolean {
  if (words.length === 0) return true;
  for (const s of statements) {
    if (s.meta?.inactive) continue;
    const n = Math.min(s.words.length, words.length);
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = unquote(s.words[i]) === words[i];
    if (!ok) continue;
    if (words.length <= s.words.length) return true;
    if (s.children && opaqueHas(s.children, words.slice(s.words.length))) return true;
  }
  return false;
}

/**
 * Every word path the active statements spell, one per leaf statement and per
 * block (unquoted): `ipsec { vpn V { ike { gateway G; } } }` gives
 * `[ipsec vpn V]`, `[ipsec vpn V ike]` and `[ipsec vpn V ike gateway G]`.
 */
export function opaquePaths(
  statements: readonly OpaqueStatement[],
  prefix: readonly string[] = [],
): string[][] {
  const out: string[][] = [];
  for (const s of statements) {
    if (s.meta?.inactive) continue;
    const p = [...prefix, ...s.words.map(unquote)];
    out.push(p);
    if (s.children) out.push(...opaquePaths(s.children, p));
  }
  return out;
}
