/**
 * Applies configuration-mode commands to a tree with Junos semantics
 * (junos-cli.md §2): set, delete (`warning: statement not found`), activate /
 * deactivate, annotate, rename, copy, insert, protect / unprotect, and the
 * navigation edit / up [n] / top. Like `load set`, a bad command is reported
 * and the others still apply.
 */
import { LazySpanMap } from './lazy-span-map.js';
import type { ConfigPath, Diagnostic, Result, Span } from '../diag/diagnostic.js';
import {
  META_KEY,
  OPAQUE_KEY,
  ORDER_KEY,
  type ConfigTree,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { SpanMap } from '../tree/span-map.js';
import { isObject, writeMeta, type MutObject } from '../tree/tree-ops.js';
import { keptVerbatim, scopeOf, suggest, type RefNode, type Reftree } from '../reftree/reftree.js';
import { ConfigBuilder } from './builder.js';
import { candidates, findOpaque, splitOpaque } from './opaque-list.js';
import { nestingTooDeep } from './input-limits.js';
import { segment, shapeAt } from './opaque-shapes.js';
import type { Command } from './parse-commands.js';
import { plainWord, quoteIfNeeded, type Word } from './words.js';

export interface EditState {
  readonly tree: ConfigTree;
  readonly spans: SpanMap;
  /** The current edit level (`[edit security pki]` = ['security', 'pki']). */
  readonly editPath: ConfigPath;
}

export interface ApplyOptions {
  readonly reftree: Reftree;
}

/** Applies commands in order; the input is not modified (its SpanMap is copied). */
export function applyCommands(
  input: EditState,
  commands: readonly Command[],
  opts: ApplyOptions,
): Result<EditState> {
  const spans = new LazySpanMap();
  spans.copyFrom(input.spans);
  const b = new ConfigBuilder(input.tree, spans, opts.reftree);
  let editPath: string[] = input.editPath.slice();
  for (const c of commands) editPath = applyOne(b, c, editPath, opts.reftree);
  return { value: { tree: b.finish(), spans: b.spans, editPath }, diagnostics: b.diagnostics };
}

/** Used by parseConfig for set files: one builder, no copies. */
export function applyWithBuilder(b: ConfigBuilder, commands: readonly Command[], rt: Reftree): void {
  const apply = commandApplier(b, rt);
  for (const c of commands) apply(c);
}

/** A function that applies one command after another to a builder, keeping the edit path. */
export function commandApplier(b: ConfigBuilder, rt: Reftree): (c: Command) => void {
  let editPath: string[] = [];
  return (c) => {
    editPath = applyOne(b, c, editPath, rt);
  };
}

/**
 * commandApplier plus the fast path for plain `set` lines at the top edit
 * level (ConfigBuilder.fastSet), sharing the edit path: for parseCommandsEach.
 */
export function setFileApplier(
  b: ConfigBuilder,
  rt: Reftree,
  source: string,
): { each: (c: Command) => void; fast: (text: string, from: number, to: number) => boolean } {
  let editPath: string[] = [];
  return {
    each: (c) => {
      editPath = applyOne(b, c, editPath, rt);
    },
    fast: (text, from, to) => editPath.length === 0 && b.fastSet(text, from, to, source),
  };
}

function absolute(editPath: readonly string[], words: readonly Word[]): Word[] {
  return editPath.length === 0 ? (words as Word[]) : [...editPath.map((t) => plainWord(t, -1, -1)), ...words];
}

/** The modes of operational `configure` / `edit` (`edit exclusive`); no Junos hierarchy has these names. */
const CONFIGURE_MODES: ReadonlySet<string> = new Set([
  'exclusive',
  'private',
  'dynamic',
  'batch',
  'ephemeral',
]);

/**
 * The set line's position for the unmodelled statement it names and for each
 * enclosing statement its words open (the first line that opens one keeps it):
 * diagnostics on unmodelled statements (`--strict`) and on statements inside
 * `groups` (validate/apply-groups.ts) point at it.
 */
function opaqueSpans(b: ConfigBuilder, container: readonly string[], words: readonly Word[], at: Span): void {
  // the words' offsets too: an unknown keyword is reported at it (validate/yang-statements.ts)
  b.spans.setOpened(
    container,
    words.map((w) => w.text),
    at,
    words,
  );
}

function fixSpan(w: Word, at: Span): Span {
  return w.start < 0 ? at : { source: at.source, start: w.start, end: w.end };
}

function applyOne(b: ConfigBuilder, c: Command, editPath: string[], rt: Reftree): string[] {
  const source = c.span.source;
  switch (c.verb) {
    case 'set': {
      if (c.words.length === 0) {
        b.error({
          code: 'MISSING_VALUE',
          message: 'syntax error, expecting <statement>',
          span: c.span,
          path: editPath,
        });
        return editPath;
      }
      const words = absolute(editPath, c.words);
      const r = b.walk([], rt.root, words, { statement: c.span, source, shareSteps: true });
      if (r?.kind === 'opaque') {
        const raw = r.words.map((w) => w.raw);
        const deep = b.opaqueBlockPastLimit(r.containerPath, raw);
        if (deep >= 0) {
          b.diagnostics.push(nestingTooDeep(fixSpan(r.words[deep], c.span), editPath));
          return editPath;
        }
        opaqueSpans(b, r.containerPath, r.words, c.span);
        const obj = b.w.existing(r.containerPath);
        const prot = obj && opaqueProtectedOn(obj[OPAQUE_KEY] as OpaqueStatement[] | undefined, raw);
        if (prot) {
          b.protectedWarn([...r.containerPath, ...prot], [...r.containerPath, ...raw], c.span);
          return editPath;
        }
        b.addOpaqueWords(r.containerPath, raw);
      }
      return editPath;
    }
    case 'top':
      if (c.then) applyOne(b, c.then, [], rt);
      return c.then ? editPath : [];
    case 'up': {
      const levels = levelsOf(rt, editPath);
      const keep = Math.max(0, levels.length - (c.count ?? 1));
      return keep === 0 ? [] : editPath.slice(0, levels[keep - 1]);
    }
    case 'edit': {
      const mode = editPath.length === 0 ? c.words[0] : undefined;
      if (mode && !mode.quoted && CONFIGURE_MODES.has(mode.text)) {
        // `edit exclusive` is operational mode's `configure exclusive`, not a hierarchy
        b.error({
          code: 'INVALID_COMMAND',
          message: `syntax error, expecting <statement>: ${mode.raw} ('edit ${mode.text}' is operational mode's 'configure ${mode.text}'; in configuration mode 'edit' takes a statement path)`,
          span: fixSpan(mode, c.span),
        });
        return editPath;
      }
      const t = resolve(b, rt, absolute(editPath, c.words), c.span, false);
      if (!t) return editPath;
      if (t.kind === 'node' && (t.node.kind !== 'container' || t.value)) {
        b.error({
          code: 'INVALID_COMMAND',
          message:
            t.node.kind === 'list'
              ? `syntax error, expecting <${t.node.keyName ?? t.node.name}>`
              : `syntax error: cannot edit '${t.node.name}', it is not a container`,
          span: c.span,
          path: t.path,
        });
        return editPath;
      }
      return t.kind === 'node' ? t.path : [...t.containerPath, ...t.words];
    }
    default:
      b.invalidate();
      applyTargeted(b, rt, c, editPath);
      return editPath;
  }
}

type Target =
  | { kind: 'node'; path: string[]; node: RefNode; value?: Word }
  | { kind: 'opaque'; containerPath: string[]; words: string[] };

/** Resolves words to an existing-or-not path without creating anything. */
function resolve(
  b: ConfigBuilder,
  rt: Reftree,
  words: readonly Word[],
  at: Span,
  allowValue: boolean,
): Target | undefined {
  let scope = rt.root;
  const path: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const child = scope.children.get(w.text);
    if (!child) {
      if (keptVerbatim(scope, w.text))
        return {
          kind: 'opaque',
          containerPath: path,
          words: words.slice(i).map((x) => (x.start < 0 ? quoteIfNeeded(x.text) : x.raw)),
        };
      const s = suggest(w.text, scope.order);
      b.error({
        code: 'UNKNOWN_STATEMENT',
        message: `syntax error, expecting <statement>: ${w.raw}` + (s ? ` (did you mean '${s}'?)` : ''),
        path,
        span: fixSpan(w, at),
      });
      return undefined;
    }
    path.push(child.name);
    const last = i === words.length - 1;
    if (child.kind === 'container') {
      scope = child;
      continue;
    }
    if (child.kind === 'list') {
      if (last) return { kind: 'node', path, node: child };
      path.push(words[++i].text);
      scope = scopeOf(child);
      if (i === words.length - 1) return { kind: 'node', path, node: scope };
      continue;
    }
    // leaf, flag, leaf-list: may be followed by one value (delete ... ca-profiles CA2)
    if (last) return { kind: 'node', path, node: child };
    if (child.kind !== 'flag' && allowValue && i + 2 === words.length)
      return { kind: 'node', path, node: child, value: words[i + 1] };
    const extra = words[i + 1];
    b.error({
      code: 'UNEXPECTED_TOKEN',
      message: `syntax error: ${extra.raw}`,
      path,
      span: fixSpan(extra, at),
    });
    return undefined;
  }
  return { kind: 'node', path, node: scope };
}

/** Index ends of the statement levels of an edit path: a list keyword and its name are one level. */
function levelsOf(rt: Reftree, path: readonly string[]): number[] {
  const ends: number[] = [];
  let scope: RefNode | undefined = rt.root;
  for (let i = 0; i < path.length; i++) {
    const child: RefNode | undefined = scope?.children.get(path[i]);
    if (child?.kind === 'list' && i + 1 < path.length) {
      i++;
      scope = child.entry;
    } else scope = child;
    ends.push(i + 1);
  }
  return ends;
}

function notFound(b: ConfigBuilder, c: Command, path: readonly string[]): void {
  b.error({
    code: 'STATEMENT_NOT_FOUND',
    severity: 'warning',
    message: 'warning: statement not found',
    path,
    span: c.span,
  });
}

function applyTargeted(b: ConfigBuilder, rt: Reftree, c: Command, editPath: string[]): void {
  if (c.words.length === 0 && c.verb !== 'delete') {
    b.error({
      code: 'MISSING_VALUE',
      message: 'syntax error, expecting <statement>',
      span: c.span,
      path: editPath,
    });
    return;
  }
  const t = resolve(
    b,
    rt,
    absolute(editPath, c.words),
    c.span,
    c.verb === 'delete' || c.verb === 'rename' || c.verb === 'copy' || c.verb === 'insert',
  );
  if (!t) return;
  if (t.kind === 'opaque') return opaqueCommand(b, c, t);
  const w = b.w;
  const parentPath = t.path.slice(0, -1);
  const key = t.path[t.path.length - 1];
  const parent = t.path.length === 0 ? undefined : w.existing(parentPath);
  const exists = t.path.length === 0 || (parent !== undefined && parent[key] !== undefined);
  switch (c.verb) {
    case 'delete': {
      if (t.path.length === 0) {
        deleteChildren(b, w.root, [], c.span);
        return;
      }
      if (!exists || !parent) return notFound(b, c, t.path);
      const prot = protectedAncestor(b, t.path);
      if (prot) return void b.protectedWarn(prot, t.path, c.span, 'deleted');
      if (t.value && t.node.kind === 'leaf-list') {
        const arr = w.array<string>(parent, key);
        const idx = arr.indexOf(t.value.text);
        if (idx < 0) return notFound(b, c, t.path);
        arr.splice(idx, 1);
        if (arr.length === 0) w.remove(parent, key);
        return;
      }
      deleteNode(b, parent, key, t.path, c.span);
      return;
    }
    case 'activate':
    case 'deactivate':
    case 'protect':
    case 'unprotect':
    case 'annotate': {
      if (!exists) return notFound(b, c, t.path);
      if (c.verb !== 'unprotect' && c.verb !== 'protect') {
        const prot = protectedAncestor(b, t.path, true);
        if (prot) return void b.protectedWarn(prot, t.path, c.span);
      }
      const cur = metaOf(w.root, t.path) ?? {};
      const next: { -readonly [K in keyof NodeMeta]: NodeMeta[K] } = { ...cur };
      if (c.verb === 'deactivate') next.inactive = true;
      else if (c.verb === 'activate') delete next.inactive;
      else if (c.verb === 'protect') {
        next.protect = true;
        b.noteProtect();
      } else if (c.verb === 'unprotect') delete next.protect;
      else {
        const text = c.comment!.text;
        if (text === '') delete next.annotation;
        else next.annotation = /^\s*(\/\*|#)/.test(text) ? text : `/* ${text} */`;
      }
      writeMeta(w, t.path, next);
      return;
    }
    case 'rename':
    case 'copy':
    case 'insert':
      return moveCommand(b, c, t, parent, exists);
  }
}

function metaOf(root: MutObject, path: readonly string[]): NodeMeta | undefined {
  let cur: unknown = root;
  for (let i = 0; i < path.length - 1; i++) cur = isObject(cur) ? cur[path[i]] : undefined;
  if (!isObject(cur)) return undefined;
  const last = path[path.length - 1];
  if (path.length === 0) return root[META_KEY] as NodeMeta | undefined;
  const v = cur[last];
  return (isObject(v) ? v[META_KEY] : cur[META_KEY + last]) as NodeMeta | undefined;
}

/** The nearest protected node at or above path (self included unless skipSelf). */
function protectedAncestor(
  b: ConfigBuilder,
  path: readonly string[],
  skipSelf = false,
): string[] | undefined {
  for (let n = skipSelf ? path.length - 1 : path.length; n >= 1; n--) {
    if (metaOf(b.w.root, path.slice(0, n))?.protect) return path.slice(0, n);
  }
  return undefined;
}

/** Deletes parent[key], keeping protected descendants (one warning each). */
function deleteNode(b: ConfigBuilder, parent: MutObject, key: string, path: string[], at: Span): void {
  const v = parent[key];
  if (isObject(v) && hasProtected(v)) {
    const o = b.w.child(parent, key);
    deleteChildren(b, o, path, at);
    return;
  }
  b.w.remove(parent, key);
}

function deleteChildren(b: ConfigBuilder, o: MutObject, path: string[], at: Span): void {
  for (const k of Object.keys(o)) {
    if (k.startsWith('@')) {
      if (k === OPAQUE_KEY) {
        const kept = pruneOpaque(b, o[k] as OpaqueStatement[], path, at);
        if (kept.length) o[k] = kept;
        else delete o[k];
      }
      continue;
    }
    const p = [...path, k];
    const isProt = isObject(o[k]) ? (o[k] as MutObject)[META_KEY] : o[META_KEY + k];
    if ((isProt as NodeMeta | undefined)?.protect) {
      // junos-cli.md §2.9: `[interfaces em0] is protected, 'interfaces em0' cannot be deleted`
      b.protectedWarn(p, p, at, 'deleted');
      continue;
    }
    deleteNode(b, o, k, p, at);
  }
}

/**
 * What deleting unmodelled statements leaves: protected statements stay (one
 * warning each, naming the statement), and the blocks on the way to them.
 */
function pruneOpaque(
  b: ConfigBuilder,
  list: readonly OpaqueStatement[],
  path: readonly string[],
  at: Span,
): OpaqueStatement[] {
  const kept: OpaqueStatement[] = [];
  for (const s of list) {
    const p = [...path, ...s.words];
    if (s.meta?.protect) {
      b.protectedWarn(p, p, at, 'deleted');
      kept.push(s);
    } else if (s.children && opaqueHasProtected(s.children)) {
      kept.push({ ...s, children: pruneOpaque(b, s.children, p, at) });
    }
  }
  return kept;
}

function opaqueHasProtected(list: readonly OpaqueStatement[]): boolean {
  return list.some((s) => s.meta?.protect || (s.children && opaqueHasProtected(s.children)));
}

function hasProtected(o: MutObject | object): boolean {
  const r = o as MutObject;
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (k === OPAQUE_KEY && opaqueHasProtected(v as OpaqueStatement[])) return true;
    if (k === META_KEY || k === ORDER_KEY || k === OPAQUE_KEY) continue;
    if (k.startsWith('@')) {
      if ((v as NodeMeta).protect) return true;
      continue;
    }
    if (isObject(v) && ((v[META_KEY] as NodeMeta | undefined)?.protect || hasProtected(v))) return true;
  }
  return false;
}

/** rename / copy / insert of a list entry or leaf-list value. */
function moveCommand(
  b: ConfigBuilder,
  c: Command,
  t: Extract<Target, { kind: 'node' }>,
  parent: MutObject | undefined,
  exists: boolean,
): void {
  // list entry: path ends [..., list, name]; leaf-list value: t.value set
  const isValue = t.node.kind === 'leaf-list' && t.value !== undefined;
  const isEntry =
    !isValue && t.path.length >= 2 && t.node.kind === 'container' && listNodeOf(b.rt, t.path) !== undefined;
  if (!isValue && !isEntry) {
    b.error({
      code: 'INVALID_COMMAND',
      message: `error: only identifiers can be ${c.verb === 'insert' ? 'moved' : c.verb === 'copy' ? 'copied' : 'renamed'}`,
      path: t.path,
      span: c.span,
    });
    return;
  }
  const keyword = isValue ? t.path[t.path.length - 1] : t.path[t.path.length - 2];
  const tw = c.target!;
  const newName =
    tw.length === 2 && tw[0].text === keyword ? tw[1].text : tw.length === 1 ? tw[0].text : undefined;
  if (newName === undefined) {
    b.error({
      code: 'INVALID_COMMAND',
      message: `syntax error, expecting ${keyword} <name>`,
      path: t.path,
      span: c.span,
    });
    return;
  }
  if (isValue) moveValue(b, c, t, exists ? parent : undefined, keyword, newName);
  else moveEntry(b, c, t, keyword, newName);
}

/** rename / copy / insert of the leaf-list value t.value to (or next to) newName. */
function moveValue(
  b: ConfigBuilder,
  c: Command,
  t: Extract<Target, { kind: 'node' }>,
  parent: MutObject | undefined,
  keyword: string,
  newName: string,
): void {
  const w = b.w;
  if (!parent) return notFound(b, c, t.path);
  const arr = w.array<string>(parent, t.path[t.path.length - 1]);
  const from = arr.indexOf(t.value!.text);
  if (from < 0) return notFound(b, c, t.path);
  if (c.verb === 'insert') {
    const to = arr.indexOf(newName);
    if (to < 0) return notFound(b, c, t.path);
    arr.splice(from, 1);
    const at = arr.indexOf(newName);
    arr.splice(c.where === 'before' ? at : at + 1, 0, t.value!.text);
  } else if (arr.includes(newName)) {
    b.error({
      code: 'TARGET_EXISTS',
      message: `error: '${keyword} ${newName}' already exists`,
      path: t.path,
      span: c.span,
    });
  } else if (c.verb === 'rename') arr[from] = newName;
  else arr.push(newName);
}

/** rename / copy / insert of the list entry at t.path to (or next to) newName. */
function moveEntry(
  b: ConfigBuilder,
  c: Command,
  t: Extract<Target, { kind: 'node' }>,
  keyword: string,
  newName: string,
): void {
  const w = b.w;
  const listPath = t.path.slice(0, -1);
  const oldName = t.path[t.path.length - 1];
  const listObj = w.existing(listPath);
  if (!listObj || listObj[oldName] === undefined) return notFound(b, c, t.path);
  const prot = protectedAncestor(b, t.path);
  if (prot && c.verb !== 'copy') return void b.protectedWarn(prot, t.path, c.span);
  const order = w.array<string>(listObj, ORDER_KEY);
  for (const k of Object.keys(listObj)) if (!k.startsWith('@') && !order.includes(k)) order.push(k);
  if (c.verb === 'insert') {
    if (listObj[newName] === undefined) return notFound(b, c, [...listPath, newName]);
    order.splice(order.indexOf(oldName), 1);
    const at = order.indexOf(newName);
    order.splice(c.where === 'before' ? at : at + 1, 0, oldName);
    return;
  }
  if (listObj[newName] !== undefined) {
    b.error({
      code: 'TARGET_EXISTS',
      message: `error: '${keyword} ${newName}' already exists`,
      path: listPath,
      span: c.span,
    });
    return;
  }
  // rename moves the entry; copy needs its own (mutable, unfrozen) copy
  listObj[newName] = c.verb === 'copy' ? JSON.parse(JSON.stringify(listObj[oldName])) : listObj[oldName];
  if (c.verb === 'rename') {
    delete listObj[oldName];
    order[order.indexOf(oldName)] = newName;
  } else order.push(newName);
  b.spans.set([...listPath, newName], { statement: c.span });
}

function listNodeOf(rt: Reftree, entryPath: readonly string[]): RefNode | undefined {
  const n = rt.nodeAt(entryPath.slice(0, -1));
  return n?.kind === 'list' ? n : undefined;
}

/** The words of the first protected statement that a set line's words go through, if any. */
function opaqueProtectedOn(
  list: readonly OpaqueStatement[] | undefined,
  words: readonly string[],
): string[] | undefined {
  if (!list) return undefined;
  for (const i of candidates(list, words)) {
    const s = list[i];
    const n = s.words.length;
    if (n > words.length || !s.words.every((x, j) => x === words[j])) continue;
    if (s.meta?.protect) return s.words.slice();
    const sub = s.children && opaqueProtectedOn(s.children, words.slice(n));
    if (sub) return [...s.words, ...sub];
  }
  return undefined;
}

/** True if words (below the open container at path) end at a oneliner block's header (junos-shapes.json). */
function isOnelinerHeader(path: readonly string[], words: readonly string[]): boolean {
  const shape = shapeAt(path);
  if (!shape) return false;
  const { segs, tail } = segment(shape, words);
  const last = segs[segs.length - 1];
  return tail.length === 0 && !!last?.shape?.oneliner;
}

/** delete / (de)activate / protect / annotate on statements of unmodelled hierarchies. */
function opaqueCommand(b: ConfigBuilder, c: Command, t: Extract<Target, { kind: 'opaque' }>): void {
  const obj = b.w.existing(t.containerPath);
  const exact = obj && findOpaque(obj[OPAQUE_KEY] as OpaqueStatement[] | undefined, t.words);
  const any = exact ?? (obj && findOpaque(obj[OPAQUE_KEY] as OpaqueStatement[] | undefined, t.words, true));
  if (!obj || !any) return notFound(b, c, [...t.containerPath, ...t.words]);
  const list = b.w.array<OpaqueStatement>(obj, OPAQUE_KEY);
  let found = exact;
  if (!found) {
    // `then accept;` is the block `then` printed on one line: it is the named statement
    if (isOnelinerHeader(t.containerPath, t.words)) found = any;
    else {
      splitOpaque(list, t.words);
      found = findOpaque(list, t.words);
    }
  }
  if (!found) return notFound(b, c, [...t.containerPath, ...t.words]);
  if (c.verb !== 'protect' && c.verb !== 'unprotect') {
    // a protected modelled ancestor, or a protected statement on the way (itself too for delete)
    const attempted = [...t.containerPath, ...t.words];
    let prot = protectedAncestor(b, t.containerPath);
    let l: readonly OpaqueStatement[] = list;
    const p = [...t.containerPath];
    found.chain.forEach((i, n) => {
      const st = l[i];
      p.push(...st.words);
      const self = n === found!.chain.length - 1;
      if (!prot && st.meta?.protect && (!self || c.verb === 'delete')) prot = p.slice();
      l = st.children ?? [];
    });
    if (prot)
      return void b.protectedWarn(prot, attempted, c.span, c.verb === 'delete' ? 'deleted' : 'modified');
  }
  const edit = (l: OpaqueStatement[], chain: number[]): void => {
    const i = chain[0];
    if (chain.length > 1) {
      const children = l[i].children!.slice();
      edit(children, chain.slice(1));
      l[i] = { ...l[i], children };
      return;
    }
    const s = l[i];
    const meta: { -readonly [K in keyof NodeMeta]: NodeMeta[K] } = { ...(s.meta ?? {}) };
    switch (c.verb) {
      case 'delete':
        if (s.children && opaqueHasProtected(s.children)) {
          l[i] = { ...s, children: pruneOpaque(b, s.children, [...t.containerPath, ...t.words], c.span) };
        } else l.splice(i, 1);
        return;
      case 'deactivate':
        meta.inactive = true;
        break;
      case 'activate':
        delete meta.inactive;
        break;
      case 'protect':
        meta.protect = true;
        break;
      case 'unprotect':
        delete meta.protect;
        break;
      case 'annotate': {
        const text = c.comment!.text;
        if (text === '') delete meta.annotation;
        else meta.annotation = /^\s*(\/\*|#)/.test(text) ? text : `/* ${text} */`;
        break;
      }
      default:
        b.error({
          code: 'INVALID_COMMAND',
          message: `error: ${c.verb} is not supported in unmodelled hierarchies`,
          span: c.span,
        });
        return;
    }
    const { meta: _old, ...rest } = s;
    l[i] = Object.keys(meta).length ? { ...rest, meta } : rest;
  };
  edit(list, found.chain);
}

export type { Diagnostic };
