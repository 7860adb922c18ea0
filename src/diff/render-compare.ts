/**
 * `show | compare` text in Junos format (junos-cli.md §5.5): a hunk per
 * hierarchy level headed by the absolute `[edit ...]` banner, `+`/`-` lines
 * with whole subtrees for added or removed statements, adjacent `-old`/`+new`
 * for changed leaves, `!` lines for activation changes and collapsed
 * `name { ... }` context lines that place new entries of ordered lists.
 * After the marker come (banner depth + 2) spaces, then 4 per nesting level.
 * No difference gives the empty string.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import {
  ORDER_KEY,
  META_KEY,
  isListNode,
  isObject,
  leafMeta,
  type ConfigObject,
  type ConfigTree,
  type ConfigValue,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { getAt } from '../tree/tree-ops.js';
import { diffTrees, type KeyOrder } from './diff-trees.js';
import { printEntry, printOpaque, printStatement, quoteValue, type PrintedLine } from './print-lines.js';
import type {
  AddChange,
  DeleteChange,
  MetaChange,
  ModifyChange,
  OpaqueChange,
  ReorderChange,
  TreeChange,
} from './tree-change.js';
import { valuesEqual } from './tree-equal.js';

/** A schema-aware curly printer (SYNTAX's printCurly) used for whole statements. */
interface StatementPrinter {
  /** The curly text of the statements below `path` in `tree`, relative to it. */
  printCurly(tree: ConfigTree, path: ConfigPath): string;
  /** True when the node at `path` is a keyed list. */
  isList(path: ConfigPath): boolean;
}

export interface CompareOptions {
  /** Only changes at or below this path (`show security pki | compare`). */
  readonly path?: ConfigPath;
  /** Container key order (schema order) for the hunks. */
  readonly order?: KeyOrder;
  /** Print added/removed/changed statements with this printer instead of the local one. */
  readonly printer?: StatementPrinter;
}

/** One statement printed by `printer`: the node alone, wrapped in its ancestors. */
function printVia(
  printer: StatementPrinter,
  parent: ConfigPath,
  key: string,
  value: ConfigValue,
  meta: NodeMeta | undefined,
  entryName: string | undefined,
): PrintedLine[] {
  let node: ConfigObject =
    entryName !== undefined
      ? { [key]: { [ORDER_KEY]: [entryName], [entryName]: value } }
      : { [key]: value, ...(meta ? { [`@${key}`]: meta } : {}) };
  for (let i = parent.length - 1; i >= 0; i--) {
    const w = parent[i];
    node = printer.isList(parent.slice(0, i)) ? { [ORDER_KEY]: [w], [w]: node } : { [w]: node };
  }
  const text = printer.printCurly(node, parent);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => {
      const ind = /^ */.exec(l)?.[0].length ?? 0;
      return { depth: Math.floor(ind / 4), text: l.slice(Math.floor(ind / 4) * 4) };
    });
}

type Marker = '+' | '-' | '!' | ' ';

/** Statement depth of a path (a list keyword and its entry name count as one level). */
function statementDepth(trees: readonly ConfigTree[], path: ConfigPath): number {
  for (const t of trees) {
    let node: unknown = t;
    let depth = 0;
    let ok = true;
    for (const w of path) {
      if (!isObject(node)) {
        ok = false;
        break;
      }
      if (!isListNode(node)) depth++;
      node = node[w];
    }
    if (ok) return depth;
  }
  return path.length;
}

/** Longest common subsequence membership, to find which entries a reorder moved. */
function movedEntries(old: readonly string[], now: readonly string[]): Set<string> {
  if (old.length * now.length > 4_000_000) return new Set(now);
  const n = old.length;
  const m = now.length;
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = old[i] === now[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const keep = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (old[i] === now[j]) {
      keep.add(old[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return new Set(now.filter((x) => !keep.has(x)));
}

/** Render the changes between `a` (old, e.g. active) and `b` (new, e.g. candidate). */
export function renderCompare(a: ConfigTree, b: ConfigTree, opts: CompareOptions = {}): string {
  return renderChanges(a, b, diffTrees(a, b, { order: opts.order }), opts);
}

/** Render precomputed changes (from diffTrees(a, b)). */
export function renderChanges(
  a: ConfigTree,
  b: ConfigTree,
  changes: readonly TreeChange[],
  opts: CompareOptions = {},
): string {
  const h = new Hunks(a, b, opts.printer);
  for (const ch of opts.path?.length ? changesAt(a, b, changes, opts.path) : changes) {
    switch (ch.op) {
      case 'add':
        renderAdd(h, ch);
        break;
      case 'delete':
        renderDelete(h, ch);
        break;
      case 'modify':
        renderModify(h, ch);
        break;
      case 'meta':
        renderMeta(h, ch);
        break;
      case 'reorder':
        renderReorder(h, ch);
        break;
      case 'opaque':
        renderOpaque(h, ch);
        break;
    }
  }
  return h.text();
}

/**
 * The changes shown by `show <path> | compare`: those at or below the path,
 * and, when the path's own ancestor was added or deleted (`security` added by
 * `show security pki | compare`), the part of that change at the path.
 */
function changesAt(
  a: ConfigTree,
  b: ConfigTree,
  changes: readonly TreeChange[],
  filter: ConfigPath,
): TreeChange[] {
  const below = (ch: TreeChange): TreeChange | undefined => {
    if (ch.op !== 'add' && ch.op !== 'delete') return undefined;
    if (!ch.path.every((w, i) => filter[i] === w)) return undefined;
    const va = getAt(a, filter);
    const vb = getAt(b, filter);
    const parent = filter.slice(0, -1);
    const entry = isListNode(getAt(b, parent) ?? getAt(a, parent));
    if (ch.op === 'add' && vb !== undefined && va === undefined)
      return { op: 'add', path: filter, entry, value: vb, after: entry ? null : undefined };
    if (ch.op === 'delete' && va !== undefined && vb === undefined)
      return { op: 'delete', path: filter, entry, old: va };
    return undefined;
  };
  return changes.flatMap((ch): TreeChange[] => {
    if (ch.path.length < filter.length) {
      const c = below(ch);
      return c ? [c] : [];
    }
    return filter.every((w, i) => ch.path[i] === w) ? [ch] : [];
  });
}

/**
 * The compare text being written: its lines, the banner of the current hunk
 * and the entry last added under it (a following entry needs no context line).
 */
class Hunks {
  private readonly out: string[] = [];
  private banner: string | undefined;
  lastPlus: string | undefined;
  private readonly trees: readonly ConfigTree[];

  constructor(
    readonly a: ConfigTree,
    readonly b: ConfigTree,
    private readonly printer: StatementPrinter | undefined,
  ) {
    this.trees = [b, a];
  }

  /** Whether `text` is the banner of the current hunk. */
  inHunk(text: string): boolean {
    return this.banner === text;
  }

  /** Lines under the `[edit bannerPath]` banner (opening a hunk when it is a new one), each with the marker. */
  emit(bannerPath: ConfigPath, marker: Marker, lines: readonly PrintedLine[]): void {
    const text =
      bannerPath.length === 0 ? '[edit]' : `[edit ${bannerPath.map((w) => quoteValue(w)).join(' ')}]`;
    if (text !== this.banner) {
      this.out.push(text);
      this.banner = text;
      this.lastPlus = undefined;
    }
    const pad = ' '.repeat(statementDepth(this.trees, bannerPath) + 2);
    for (const l of lines) this.out.push(`${marker}${pad}${'    '.repeat(l.depth)}${l.text}`.trimEnd());
  }

  /** A whole statement (a list entry when entryName is given), by the schema printer when there is one. */
  full(
    parent: ConfigPath,
    key: string,
    value: ConfigValue,
    meta: NodeMeta | undefined,
    entryName?: string,
  ): PrintedLine[] {
    if (this.printer) {
      try {
        return printVia(this.printer, parent, key, value, meta, entryName);
      } catch {
        /* a value the schema printer cannot place: fall back to the local printer */
      }
    }
    const o: PrintedLine[] = [];
    if (entryName !== undefined) printEntry(key, entryName, value as ConfigObject, 0, o);
    else printStatement(key, value, meta, 0, o);
    return o;
  }

  text(): string {
    return this.out.length === 0 ? '' : `${this.out.join('\n')}\n`;
  }
}

/** The lines one call of a print-lines printer writes. */
function lines(fn: (o: PrintedLine[]) => void): PrintedLine[] {
  const o: PrintedLine[] = [];
  fn(o);
  return o;
}

/** Where a change is shown: its banner path, the list keyword of an entry (else its key), its key. */
function placeOf(ch: TreeChange): { bannerPath: ConfigPath; listKey: string; key: string } {
  const key = ch.path[ch.path.length - 1];
  return {
    key,
    bannerPath: ch.entry ? ch.path.slice(0, -2) : ch.path.slice(0, -1),
    listKey: ch.entry ? ch.path[ch.path.length - 2] : key,
  };
}

/** `+` lines; a new list entry is placed after a collapsed context line of the entry it follows. */
function renderAdd(h: Hunks, ch: AddChange): void {
  const { bannerPath, listKey, key } = placeOf(ch);
  if (!ch.entry) {
    h.emit(bannerPath, '+', h.full(bannerPath, key, ch.value, ch.meta));
    return;
  }
  const bannerText = `[edit ${bannerPath.join(' ')}]`;
  if (ch.after != null && !(h.lastPlus === `${listKey} ${ch.after}` && h.inHunk(bannerText))) {
    const after = ch.after;
    const prev = getAt(h.b, [...bannerPath, listKey, after]);
    if (isObject(prev))
      h.emit(
        bannerPath,
        ' ',
        lines((o) => printEntry(listKey, after, prev, 0, o, true)),
      );
  }
  h.emit(bannerPath, '+', h.full(bannerPath, listKey, ch.value, undefined, key));
  h.lastPlus = `${listKey} ${key}`;
}

function renderDelete(h: Hunks, ch: DeleteChange): void {
  const { bannerPath, listKey, key } = placeOf(ch);
  if (ch.entry) h.emit(bannerPath, '-', h.full(bannerPath, listKey, ch.old, undefined, key));
  else h.emit(bannerPath, '-', h.full(bannerPath, key, ch.old, ch.meta));
}

/** A changed leaf: `-old` then `+new`. */
function renderModify(h: Hunks, ch: ModifyChange): void {
  const { bannerPath, key } = placeOf(ch);
  const parentB = getAt(h.b, ch.path.slice(0, -1));
  const meta = isObject(parentB) ? leafMeta(parentB, key) : undefined;
  h.emit(bannerPath, '-', h.full(bannerPath, key, ch.old, meta));
  h.emit(bannerPath, '+', h.full(bannerPath, key, ch.value, meta));
}

/** Annotation lines (`-`/`+` above their statement) and `!` activation or protection lines. */
function renderMeta(h: Hunks, ch: MetaChange): void {
  if (ch.path.length === 0) return;
  const { bannerPath, listKey, key } = placeOf(ch);
  const node = getAt(h.b, ch.path) as ConfigValue;
  const stmt = (meta: NodeMeta | undefined): PrintedLine[] => {
    // the statement line itself, without its annotation (that is a line of its own)
    const noteless = meta ? { ...meta, annotation: undefined } : undefined;
    const plain = isObject(node) ? ({ ...node, [META_KEY]: noteless } as ConfigObject) : node;
    return ch.entry
      ? lines((o) =>
          printEntry(listKey, key, { ...(plain as ConfigObject), [META_KEY]: noteless }, 0, o, true),
        )
      : lines((o) => printStatement(key, plain, noteless, 0, o, true));
  };
  const o = ch.old ?? {};
  const v = ch.value ?? {};
  // an annotation is the line above its statement: emit it first
  if (o.annotation !== v.annotation) {
    if (o.annotation) h.emit(bannerPath, '-', [{ depth: 0, text: o.annotation }]);
    if (v.annotation) h.emit(bannerPath, '+', [{ depth: 0, text: v.annotation }]);
    if (!!o.inactive === !!v.inactive && !!o.protect === !!v.protect)
      h.emit(bannerPath, ' ', stmt(v).slice(0, 1));
  }
  if (!!o.inactive !== !!v.inactive || !!o.protect !== !!v.protect) {
    const text = stmt(v)[0]?.text ?? '';
    const flags: string[] = [];
    if (!!o.inactive !== !!v.inactive && !v.inactive) flags.push('active: ');
    if (!!o.protect !== !!v.protect && !v.protect) flags.push('unprotect: ');
    h.emit(bannerPath, '!', [{ depth: 0, text: flags.join('') + text }]);
    if (ch.entry) h.lastPlus = `${listKey} ${key}`;
  }
}

/** Each moved entry: `-` where it was, a context line of the entry it now follows, `+` there. */
function renderReorder(h: Hunks, ch: ReorderChange): void {
  const key = ch.path[ch.path.length - 1];
  const list = getAt(h.b, ch.path) as ConfigObject;
  const parentPath = ch.path.slice(0, -1);
  const moved = movedEntries(ch.old, ch.value);
  const entry = (name: string): PrintedLine[] =>
    lines((o) => printEntry(key, name, list[name] as ConfigObject, 0, o, true));
  for (const name of ch.value) {
    if (!moved.has(name)) continue;
    h.emit(parentPath, '-', entry(name));
    const i = ch.value.indexOf(name);
    if (i > 0) h.emit(parentPath, ' ', entry(ch.value[i - 1]));
    h.emit(parentPath, '+', entry(name));
  }
}

/** Unmodelled statements: `-` for each one gone, `+` for each new one, whole. */
function renderOpaque(h: Hunks, ch: OpaqueChange): void {
  const olds = ch.old ?? [];
  const news = ch.value ?? [];
  const inList = (s: OpaqueStatement, l: readonly OpaqueStatement[]): boolean =>
    l.some((x) => valuesEqual(x, s));
  const body = (s: OpaqueStatement): PrintedLine[] => lines((o) => printOpaque(s, 0, o));
  for (const s of olds) if (!inList(s, news)) h.emit(ch.path, '-', body(s));
  for (const s of news) if (!inList(s, olds)) h.emit(ch.path, '+', body(s));
}
