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
  type ConfigObject,
  type ConfigTree,
  type ConfigValue,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { diffTrees, isListNode, isObjectNode, type KeyOrder } from './diff-trees.js';
import { printEntry, printStatement, quoteValue, type PrintedLine } from './print-lines.js';
import type { TreeChange } from './tree-change.js';
import { valuesEqual } from './tree-equal.js';

/** A schema-aware curly printer (SYNTAX's printCurly) used for whole statements. */
export interface StatementPrinter {
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
      if (!isObjectNode(node)) {
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

function getAt(tree: ConfigTree, path: ConfigPath): unknown {
  let node: unknown = tree;
  for (const w of path) {
    if (!isObjectNode(node)) return undefined;
    node = node[w];
  }
  return node;
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
  const out: string[] = [];
  let banner: string | undefined;
  let lastPlus: string | undefined;
  const filter = opts.path ?? [];
  const full = (
    parent: ConfigPath,
    key: string,
    value: ConfigValue,
    meta: NodeMeta | undefined,
    entryName?: string,
  ): PrintedLine[] => {
    if (opts.printer) {
      try {
        return printVia(opts.printer, parent, key, value, meta, entryName);
      } catch {
        /* a value the schema printer cannot place: fall back to the local printer */
      }
    }
    const o: PrintedLine[] = [];
    if (entryName !== undefined) printEntry(key, entryName, value as ConfigObject, 0, o);
    else printStatement(key, value, meta, 0, o);
    return o;
  };
  const trees = [b, a];

  const emit = (bannerPath: ConfigPath, marker: Marker, lines: readonly PrintedLine[]): void => {
    const text =
      bannerPath.length === 0 ? '[edit]' : `[edit ${bannerPath.map((w) => quoteValue(w)).join(' ')}]`;
    if (text !== banner) {
      out.push(text);
      banner = text;
      lastPlus = undefined;
    }
    const pad = ' '.repeat(statementDepth(trees, bannerPath) + 2);
    for (const l of lines) out.push(`${marker}${pad}${'    '.repeat(l.depth)}${l.text}`.trimEnd());
  };

  // `show security pki | compare` when `security` itself was added or deleted:
  // the change is above the filter; show the part of it at the filter path
  const below = (ch: TreeChange): TreeChange | undefined => {
    if (ch.op !== 'add' && ch.op !== 'delete') return undefined;
    if (!ch.path.every((w, i) => filter[i] === w)) return undefined;
    const va = getAt(a, filter) as ConfigValue | undefined;
    const vb = getAt(b, filter) as ConfigValue | undefined;
    const parent = filter.slice(0, -1);
    const entry = isListNode(getAt(b, parent) ?? getAt(a, parent));
    if (ch.op === 'add' && vb !== undefined && va === undefined)
      return { op: 'add', path: filter, entry, value: vb, after: entry ? null : undefined };
    if (ch.op === 'delete' && va !== undefined && vb === undefined)
      return { op: 'delete', path: filter, entry, old: va };
    return undefined;
  };
  const shown = filter.length
    ? changes.flatMap((ch): TreeChange[] => {
        if (ch.path.length < filter.length) {
          const c = below(ch);
          return c ? [c] : [];
        }
        return filter.every((w, i) => ch.path[i] === w) ? [ch] : [];
      })
    : changes;
  for (const ch of shown) {
    const key = ch.path[ch.path.length - 1];
    const bannerPath = ch.entry ? ch.path.slice(0, -2) : ch.path.slice(0, -1);
    const listKey = ch.entry ? ch.path[ch.path.length - 2] : key;
    const lines = (fn: (o: PrintedLine[]) => void): PrintedLine[] => {
      const o: PrintedLine[] = [];
      fn(o);
      return o;
    };
    switch (ch.op) {
      case 'add': {
        if (ch.entry) {
          const bannerText = `[edit ${bannerPath.join(' ')}]`;
          if (ch.after != null && !(lastPlus === `${listKey} ${ch.after}` && banner === bannerText)) {
            const prev = getAt(b, [...bannerPath, listKey, ch.after]) as ConfigObject | undefined;
            if (prev)
              emit(
                bannerPath,
                ' ',
                lines((o) => printEntry(listKey, ch.after as string, prev, 0, o, true)),
              );
          }
          emit(bannerPath, '+', full(bannerPath, listKey, ch.value, undefined, key));
          lastPlus = `${listKey} ${key}`;
        } else {
          emit(bannerPath, '+', full(bannerPath, key, ch.value, ch.meta));
        }
        break;
      }
      case 'delete':
        if (ch.entry) emit(bannerPath, '-', full(bannerPath, listKey, ch.old, undefined, key));
        else emit(bannerPath, '-', full(bannerPath, key, ch.old, ch.meta));
        break;
      case 'modify': {
        const parentB = getAt(b, ch.path.slice(0, -1)) as ConfigObject | undefined;
        const meta = parentB?.[`@${key}`] as NodeMeta | undefined;
        emit(bannerPath, '-', full(bannerPath, key, ch.old, meta));
        emit(bannerPath, '+', full(bannerPath, key, ch.value, meta));
        break;
      }
      case 'meta': {
        if (ch.path.length === 0) break;
        const node = getAt(b, ch.path) as ConfigValue;
        const stmt = (meta: NodeMeta | undefined): PrintedLine[] => {
          // the statement line itself, without its annotation (that is a line of its own)
          const noteless = meta ? { ...meta, annotation: undefined } : undefined;
          const plain = isObjectNode(node) ? ({ ...node, [META_KEY]: noteless } as ConfigObject) : node;
          const l = ch.entry
            ? lines((o) =>
                printEntry(listKey, key, { ...(plain as ConfigObject), [META_KEY]: noteless }, 0, o, true),
              )
            : lines((o) => printStatement(key, plain, noteless, 0, o, true));
          return l;
        };
        const o = ch.old ?? {};
        const v = ch.value ?? {};
        // an annotation is the line above its statement: emit it first
        if (o.annotation !== v.annotation) {
          if (o.annotation) emit(bannerPath, '-', [{ depth: 0, text: o.annotation }]);
          if (v.annotation) emit(bannerPath, '+', [{ depth: 0, text: v.annotation }]);
          if (!!o.inactive === !!v.inactive && !!o.protect === !!v.protect)
            emit(bannerPath, ' ', stmt(v).slice(0, 1));
        }
        if (!!o.inactive !== !!v.inactive || !!o.protect !== !!v.protect) {
          const text = stmt(v)[0]?.text ?? '';
          const flags: string[] = [];
          if (!!o.inactive !== !!v.inactive && !v.inactive) flags.push('active: ');
          if (!!o.protect !== !!v.protect && !v.protect) flags.push('unprotect: ');
          emit(bannerPath, '!', [{ depth: 0, text: flags.join('') + text }]);
          if (ch.entry) lastPlus = `${listKey} ${key}`;
        }
        break;
      }
      case 'reorder': {
        const list = getAt(b, ch.path) as ConfigObject;
        const parentPath = ch.path.slice(0, -1);
        const moved = movedEntries(ch.old, ch.value);
        for (const name of ch.value) {
          if (!moved.has(name)) continue;
          const entry = list[name] as ConfigObject;
          emit(
            parentPath,
            '-',
            lines((o) => printEntry(key, name, entry, 0, o, true)),
          );
          const i = ch.value.indexOf(name);
          if (i > 0)
            emit(
              parentPath,
              ' ',
              lines((o) =>
                printEntry(key, ch.value[i - 1], list[ch.value[i - 1]] as ConfigObject, 0, o, true),
              ),
            );
          emit(
            parentPath,
            '+',
            lines((o) => printEntry(key, name, entry, 0, o, true)),
          );
        }
        break;
      }
      case 'opaque': {
        const olds = ch.old ?? [];
        const news = ch.value ?? [];
        const inList = (s: OpaqueStatement, l: readonly OpaqueStatement[]): boolean =>
          l.some((x) => valuesEqual(x, s));
        const body = (s: OpaqueStatement): PrintedLine[] => {
          const o: PrintedLine[] = [];
          const walk = (st: OpaqueStatement, d: number): void => {
            if (st.meta?.annotation) o.push({ depth: d, text: st.meta.annotation });
            const head =
              (st.meta?.protect ? 'protect: ' : '') +
              (st.meta?.inactive ? 'inactive: ' : '') +
              st.words.join(' ');
            const trail = st.trailing ? ` ${st.trailing}` : '';
            if (st.children === undefined) o.push({ depth: d, text: `${head};${trail}` });
            else {
              o.push({ depth: d, text: `${head} {${trail}` });
              for (const c of st.children) walk(c, d + 1);
              o.push({ depth: d, text: '}' });
            }
          };
          walk(s, 0);
          return o;
        };
        for (const s of olds) if (!inList(s, news)) emit(ch.path, '-', body(s));
        for (const s of news) if (!inList(s, olds)) emit(ch.path, '+', body(s));
        break;
      }
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
