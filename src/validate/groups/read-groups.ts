/**
 * The groups of a configuration, read into modelled trees (junos-cli.md §8).
 * The reference tree models `groups` (Reftree.groups), but the parsers keep it
 * verbatim ("@opaque") so that it prints as written (docs/DESIGN.md,
 * "Configuration groups"); here each group's statements are applied, as `set`
 * lines relative to the group, from the entry of Reftree.groups through the
 * project's own ConfigBuilder, which
 * gives a modelled tree per group with the spans of the statements inside the
 * group, and the schema's diagnostics for what a group holds. The read is
 * memoized on the (frozen) `groups` statements, so that the group trees keep
 * their identity from one validation to the next.
 */
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import { EMPTY_TREE, type ConfigObject, type OpaqueStatement } from '../../tree/config-tree.js';
import { SpanMap } from '../../tree/span-map.js';
import { scopeOf, type Reftree } from '../../reftree/reftree.js';
import { ConfigBuilder } from '../../syntax/builder.js';
import type { Word } from '../../syntax/words.js';
import { unquote } from '../../../grammar/lexer.js';
import { listItems, textOf } from './apply-statements.js';

/** One group, read into a modelled tree. */
export interface Group {
  readonly name: string;
  readonly tree: ConfigObject;
  readonly spans: SpanMap;
}

/** The groups of a configuration, and the diagnostics of the statements inside them. */
export interface GroupsRead {
  readonly stmts: readonly OpaqueStatement[];
  readonly rt: Reftree;
  readonly groups: ReadonlyMap<string, Group>;
  readonly diagnostics: readonly Diagnostic[];
}

const groupsMemo = new WeakMap<OpaqueStatement, GroupsRead>();

/** The active `groups` statements (the reftree's `groups` list, kept verbatim) of a configuration's root. */
export function groupStatements(
  stmts: readonly OpaqueStatement[] | undefined,
  rt: Reftree,
): OpaqueStatement[] {
  const name = rt.groups.name;
  return (stmts ?? []).filter((s) => s.words[0] === name && !s.meta?.inactive);
}

/**
 * readGroups, memoized on the `groups` statements (frozen, shared by the
 * versions of a configuration that did not change them). Their spans are
 * those of the first read: an unchanged statement keeps its position.
 */
export function cachedGroups(
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
  flatten(stmts, [], [], items);
  // a group holds the top-level statements again (the reftree's `groups` entry)
  const scope = scopeOf(rt.groups);
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
    b.walk([], scope, words, { statement: at, source: at.source, block: it.block });
    for (const d of b.diagnostics.splice(before)) diagnostics.push(inGroup(d, name, at));
  }
  const out = new Map<string, Group>();
  for (const [name, b] of builders) out.set(name, { name, tree: b.finish(), spans: b.spans });
  return out;
}

/** A diagnostic of a statement inside group `name`: said so, placed at the statement. */
function inGroup(d: Diagnostic, name: string, at: Span): Diagnostic {
  const { span: _drop, ...rest } = d;
  return {
    ...rest,
    message: `${d.message} (in group '${name}')`,
    path: ['groups', name, ...(d.path ?? [])],
    ...(at.source !== '' ? { span: at } : {}),
  };
}

/**
 * A word of a group statement, placed at the statement (the words' own offsets
 * are not kept). Its fields are written in the order the lexer's words have
 * them (syntax/words.ts wordOf), so that the walk meets one object shape.
 */
function wordAt(raw: string, at: Span): Word {
  if (raw.startsWith('[')) {
    const list = listItems(raw).map((i) => wordAt(i, at));
    return { text: '[', raw, start: at.start, end: at.end, quoted: false, list };
  }
  const quoted = raw.startsWith('"');
  return { text: quoted ? unquote(raw) : raw, raw, start: at.start, end: at.end, quoted };
}
