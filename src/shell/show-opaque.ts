/**
 * `show PATH` where PATH leaves the modelled tree: `show interfaces ge-0/0/0`,
 * `show security zones`, `show groups PKI`. Statements the schema does not model
 * are kept verbatim (tree/config-tree.ts OpaqueStatement: words and children,
 * nested as Junos prints them), so the part of them at PATH is found by their
 * words and printed as Junos prints a hierarchy: curly text relative to PATH
 * (with `inactive:` / `protect:` marks below it), or the absolute or relative
 * `set` lines, or JSON/YAML from the root down.
 */
import type { Reftree } from '../reftree/reftree.js';
import { printCurly } from '../syntax/print-curly.js';
import { printJson, printYaml } from '../syntax/print-json.js';
import { printSet } from '../syntax/print-set.js';
import { quoteIfNeeded } from '../syntax/words.js';
import {
  OPAQUE_KEY,
  ORDER_KEY,
  type ConfigObject,
  type ConfigTree,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { getAt, isObject } from '../tree/tree-ops.js';
import { yangRoot, yangSchema, yangStep, type YangState } from '../reftree/yang-schema.js';
import type { DisplayFormat } from './pipes.js';

/** Where a path leaves the modelled tree: the modelled prefix and the words left for the verbatim statements. */
export interface OpaqueSplit {
  readonly prefix: readonly string[];
  readonly at: ConfigObject;
  readonly rest: readonly string[];
}

/** The split of `path`, or undefined when it stays in the modelled tree (or ends at a modelled leaf). */
export function opaqueSplit(tree: ConfigTree, path: readonly string[]): OpaqueSplit | undefined {
  let at: ConfigObject = tree;
  for (let i = 0; i < path.length; i++) {
    const w = path[i];
    // reserved keys ("@order", "@opaque") are no configuration words
    const v = w.startsWith('@') ? undefined : at[w];
    if (isObject(v)) {
      at = v;
      continue;
    }
    if (v !== undefined) return undefined;
    return { prefix: path.slice(0, i), at, rest: path.slice(i) };
  }
  return undefined;
}

const unquote = (w: string): string =>
  w.length > 1 && w.startsWith('"') && w.endsWith('"') ? w.slice(1, -1) : w;

/** Whether the statement's words and the path agree as far as both go. */
const agrees = (s: OpaqueStatement, rest: readonly string[]): boolean =>
  s.words.every((w, i) => i >= rest.length || unquote(w) === rest[i]);

/** The statements on the branch of `rest`, words whole (what `| display set` and JSON print from the root). */
function branch(stmts: readonly OpaqueStatement[], rest: readonly string[]): OpaqueStatement[] {
  const out: OpaqueStatement[] = [];
  for (const s of stmts) {
    if (!agrees(s, rest)) continue;
    if (s.words.length >= rest.length) out.push(s);
    else if (s.children) {
      const sub = branch(s.children, rest.slice(s.words.length));
      if (sub.length) out.push({ ...s, children: sub });
    }
  }
  return out;
}

/**
 * The statements as seen from inside `rest` (what the curly `show` prints), from
 * the branch. `end`: the path ends at a leaf's keyword (`... description`),
 * whose statement is shown whole (`description uplink;`), or at the keyword of
 * a list whose entry is one word (`... family inet address`: `address
 * 192.0.2.1/24;`); otherwise a statement the path ends inside shows the rest of
 * its words (`ROOT2 ca-identity R2;` at `... ca-profile ROOT2` is `ca-identity R2;`).
 */
function inside(stmts: readonly OpaqueStatement[], rest: readonly string[], end: PathEnd): OpaqueStatement[] {
  const out: OpaqueStatement[] = [];
  for (const s of stmts) {
    if (s.words.length < rest.length) out.push(...inside(s.children ?? [], rest.slice(s.words.length), end));
    // the path names this block: its contents; a flag (`disable`): itself
    else if (s.words.length === rest.length) out.push(...(s.children ?? [s]));
    else if (!s.children && (end === 'value' || (end === 'key' && s.words.length === rest.length + 1)))
      out.push(s);
    else out.push({ ...s, words: s.words.slice(rest.length) });
  }
  return out;
}

/** What the whole-device schema expects after the path: a leaf's value, a list entry's name, or other. */
type PathEnd = 'value' | 'key' | 'other';

function pathEnd(path: readonly string[]): PathEnd {
  const schema = yangSchema();
  if (!schema) return 'other';
  let st: YangState = yangRoot(schema);
  for (const w of path) {
    const r = yangStep(st, w);
    if (!r.ok) return 'other';
    st = r.state;
  }
  return st.s === 'value' ? 'value' : st.s === 'key' && st.i === 0 ? 'key' : 'other';
}

/** The tree holding only the branch at the split, from the root down (modelled parents keep their list order). */
function prunedTree(tree: ConfigTree, split: OpaqueSplit, stmts: readonly OpaqueStatement[]): ConfigTree {
  let o: ConfigObject = { [OPAQUE_KEY]: stmts };
  for (let i = split.prefix.length - 1; i >= 0; i--) {
    const parent = getAt(tree, split.prefix.slice(0, i));
    const wrap: Record<string, unknown> = { [split.prefix[i]]: o };
    if (isObject(parent) && Array.isArray(parent[ORDER_KEY])) wrap[ORDER_KEY] = [split.prefix[i]];
    o = wrap as ConfigObject;
  }
  return o;
}

/** `show` at a path that leaves the modelled tree; '' when nothing is configured there. */
export function showOpaque(
  tree: ConfigTree,
  path: readonly string[],
  split: OpaqueSplit,
  format: DisplayFormat,
  reftree: Reftree,
): string {
  const stmts = branch((split.at[OPAQUE_KEY] as readonly OpaqueStatement[] | undefined) ?? [], split.rest);
  if (!stmts.length) return '';
  switch (format) {
    case 'json':
      return printJson(prunedTree(tree, split, stmts), { reftree });
    case 'yaml':
      return printYaml(prunedTree(tree, split, stmts), { reftree });
    case 'set':
      return printSet(prunedTree(tree, split, stmts), { reftree });
    case 'set-relative': {
      const head = path.map(quoteIfNeeded).join(' ');
      return printSet(prunedTree(tree, split, stmts), { reftree })
        .split('\n')
        .map((l) => {
          const verb = l.slice(0, l.indexOf(' ') + 1);
          return verb && l.startsWith(`${verb}${head} `) ? verb + l.slice(verb.length + head.length + 1) : l;
        })
        .join('\n');
    }
    default: {
      const shown = inside(stmts, split.rest, pathEnd(path));
      return shown.length ? printCurly({ [OPAQUE_KEY]: shown }, { reftree }) : '';
    }
  }
}
