/**
 * The general walk of the tree builder: one statement's words from a scope,
 * with Junos `set` semantics (creates the path, overwrites a leaf, adds to a
 * leaf-list, replaces the other members of a choice, continues in the same
 * container after a leaf or flag). One step function per word kind, over a
 * cursor; the build's state (writer, spans, choices, steps) is the builder's.
 */
import type { Span } from '../diag/diagnostic.js';
import { META_KEY, type NodeMeta } from '../tree/config-tree.js';
import type { MutObject } from '../tree/tree-ops.js';
import { keptVerbatim, suggest, type RefNode } from '../reftree/reftree.js';
import type { ConfigBuilder } from './builder.js';
import { storedSecret } from './secret-leaf.js';
import { sharedSteps, walkStep, type Step } from './set-steps.js';
import { wordSpan, type Word } from './words.js';

export interface WalkOptions {
  /** The span of the whole statement (set line, curly statement). */
  readonly statement: Span;
  readonly source: string;
  /** Curly: a `{` follows, so the walk must end at a container or list entry. */
  readonly block?: boolean;
  /** Set lines from the root: share the resolution of a common prefix with the previous line. */
  readonly shareSteps?: boolean;
}

/** Where a walk ended. */
export type WalkResult =
  | {
      readonly kind: 'node';
      /** Path and reftree node of the last node reached (a container, entry, leaf, flag or leaf-list). */
      readonly path: string[];
      readonly node: RefNode;
      /** The container (or entry) in which the walk ended: the scope of a following block. */
      readonly scopePath: string[];
      readonly scopeNode: RefNode;
      /** The node the first word(s) named (meta of a curly statement goes there). */
      readonly firstPath: string[];
    }
  | {
      readonly kind: 'opaque';
      /** The open container that keeps the statement, and the raw words from where the schema stopped. */
      readonly containerPath: string[];
      readonly words: readonly Word[];
      /** The last modelled path reached before the opaque words (for meta), if any. */
      readonly firstPath?: string[];
    };

const PROTECTED = (m: unknown): boolean => !!(m as NodeMeta | undefined)?.protect;

/** What a step did: went on (GO), stopped after an error (undefined), or ended the walk opaque. */
const GO = true;
type Stepped = typeof GO | undefined | WalkResult;

/** The walk's position; leaves' paths are kept as (parent, name), joined only when returned. */
class Cursor {
  b!: ConfigBuilder;
  words: readonly Word[] = [];
  opts!: WalkOptions;
  i = 0;
  path: string[] = [];
  scope!: RefNode;
  obj!: MutObject;
  lastPath: string[] = [];
  lastName: string | undefined;
  lastNode!: RefNode;
  firstPath: string[] | undefined;
  firstName: string | undefined;
  /** The steps of this line, when it is cached (set lines from the root). */
  steps: Step[] | undefined;

  /** Starts a walk (one cursor serves every walk: a walk never starts another). */
  reset(
    b: ConfigBuilder,
    words: readonly Word[],
    opts: WalkOptions,
    path: string[],
    scope: RefNode,
    obj: MutObject,
    caching: boolean,
  ): this {
    this.b = b;
    this.words = words;
    this.opts = opts;
    this.i = 0;
    this.path = path;
    this.scope = scope;
    this.obj = obj;
    this.lastPath = path;
    this.lastName = undefined;
    this.lastNode = scope;
    this.firstPath = undefined;
    this.firstName = undefined;
    this.steps = caching ? [] : undefined;
    return this;
  }

  /** A container or list entry reached: the new scope. */
  entered(path: string[], scope: RefNode, obj: MutObject): void {
    this.obj = obj;
    this.path = path;
    this.scope = scope;
    this.lastPath = path;
    this.lastName = undefined;
    this.lastNode = scope;
    this.firstPath ??= path;
  }

  /** A leaf, flag or leaf-list set in the current scope. */
  reached(node: RefNode): void {
    this.lastPath = this.path;
    this.lastName = node.name;
    this.lastNode = node;
    if (!this.firstPath) [this.firstPath, this.firstName] = [this.path, node.name];
  }

  firstFull(): string[] | undefined {
    const f = this.firstPath;
    return f && this.firstName !== undefined ? [...f, this.firstName] : f;
  }
}

const CURSOR = new Cursor();

/**
 * Walks words from a scope (a container or list entry at scopePath), creating
 * what `set` creates. Returns undefined after reporting an error; what was set
 * before the error stays (Junos keeps the valid prefix of a line).
 */
export function walkWords(
  b: ConfigBuilder,
  scopePath: readonly string[],
  scopeNode: RefNode,
  words: readonly Word[],
  opts: WalkOptions,
): WalkResult | undefined {
  const obj = b.w.obj(scopePath);
  const cur = CURSOR.reset(
    b,
    words,
    opts,
    scopePath.slice(),
    scopeNode,
    obj,
    opts.shareSteps === true && scopePath.length === 0,
  );
  if (b.mayProtect && PROTECTED(obj[META_KEY]) && words.length > 0)
    return b.protectedWarn(cur.path, cur.path, opts.statement);
  if (cur.steps) resume(b, cur, words);
  while (cur.i < words.length) {
    const r = step(cur);
    if (r !== GO) return r;
  }
  if (cur.steps) b.steps = cur.steps;
  const last = cur.lastNode;
  if (opts.block && (last.kind === 'leaf' || last.kind === 'flag' || last.kind === 'leaf-list')) {
    b.error({
      code: 'UNEXPECTED_TOKEN',
      message: `syntax error, expecting ';': '${last.name}' takes no block`,
      path: cur.lastPath,
      span: opts.statement,
    });
    return undefined;
  }
  const full = cur.lastName === undefined ? cur.lastPath : [...cur.lastPath, cur.lastName];
  return {
    kind: 'node',
    path: full,
    node: last,
    scopePath: cur.path,
    scopeNode: cur.scope,
    firstPath: cur.firstFull() ?? full,
  };
}

/** Resumes after the deepest step shared with the previous line. */
function resume(b: ConfigBuilder, cur: Cursor, words: readonly Word[]): void {
  const prev = b.steps;
  const { k, at } = sharedSteps(prev, words);
  if (k === 0) return;
  const st = prev[k - 1];
  cur.steps!.push(...prev.slice(0, k));
  const path = b.stepPath(st);
  cur.obj = st.obj;
  cur.path = path;
  cur.scope = st.scope;
  cur.lastPath = path;
  cur.lastNode = st.scope;
  cur.firstPath = b.stepPath(prev[0]);
  cur.i = at;
}

/** The word at cur.i and what follows it as its kind takes. */
function step(cur: Cursor): Stepped {
  const { b, words, opts } = cur;
  const word = words[cur.i];
  const scope = cur.scope;
  const child = word.list ? undefined : scope.children.get(word.text);
  if (!child) return unknownWord(cur);
  switch (child.kind) {
    case 'container':
      return container(cur, child);
    case 'list':
      return listEntry(cur, child);
    case 'leaf': {
      const v = words[cur.i + 1];
      if (!v || v.list) return missing(b, child, word, cur.path, opts);
      if (!setLeaf(b, cur, child, word, v, opts)) return undefined;
      cur.i += 2;
      return GO;
    }
    case 'flag':
      return flag(cur, child, word);
    case 'leaf-list':
      return leafList(cur, child);
  }
}

/** A word that names no child: a keyword-less leaf's value, a statement kept verbatim, or an error. */
function unknownWord(cur: Cursor): Stepped {
  const { b, words, opts } = cur;
  const word = words[cur.i];
  const scope = cur.scope;
  if (scope.nokeywordChild && !word.list) {
    const leaf = scope.children.get(scope.nokeywordChild)!;
    if (!setLeaf(b, cur, leaf, word, word, opts)) return undefined;
    cur.i++;
    return GO;
  }
  if (keptVerbatim(scope, word.text) && !word.list) {
    const s = suggest(word.text, scope.order);
    if (s && s !== word.text) {
      b.error({
        code: 'SUSPICIOUS_STATEMENT',
        severity: 'warning',
        message: `'${word.text}' is not a known statement here and is kept verbatim; did you mean '${s}'?`,
        path: cur.path,
        span: wordSpan(opts.statement, opts.source, word),
      });
    }
    return { kind: 'opaque', containerPath: cur.path, words: words.slice(cur.i), firstPath: cur.firstFull() };
  }
  const s = word.list ? undefined : suggest(word.text, scope.order);
  b.error({
    code: 'UNKNOWN_STATEMENT',
    message:
      `syntax error, expecting <statement>: ${word.raw}` +
      (s ? ` (did you mean '${s}'?)` : scope.order.length ? ` (expecting one of: ${expecting(scope)})` : ''),
    path: cur.path,
    span: wordSpan(opts.statement, opts.source, word),
  });
  return undefined;
}

function container(cur: Cursor, child: RefNode): Stepped {
  const { b, words, opts } = cur;
  const word = words[cur.i];
  const obj = cur.obj;
  const cp = [...cur.path, child.name];
  const existed = obj[child.name] !== undefined;
  if (!existed) b.applyChoice(cur.scope, obj, child);
  const next = b.w.child(obj, child.name);
  if (b.mayProtect && PROTECTED(next[META_KEY]) && cur.i + 1 < words.length)
    return b.protectedWarn(cp, cp, opts.statement);
  if (!existed) b.rec.node(cp, opts.statement, opts.source, word, undefined);
  cur.entered(cp, child, next);
  cur.i++;
  cur.steps?.push(walkStep(word.text, undefined, next, child, cp));
  return GO;
}

function listEntry(cur: Cursor, child: RefNode): Stepped {
  const { b, words, opts } = cur;
  const word = words[cur.i];
  const nameW = words[cur.i + 1];
  if (!nameW || nameW.list) return missing(b, child, word, cur.path, opts);
  if (nameW.text === '__proto__' || nameW.text.startsWith('@')) {
    // the tree is plain JSON objects: these names would be the prototype or a reserved key
    b.error({
      code: 'INVALID_COMMAND',
      message: `error: '${nameW.text}' cannot be used as a name`,
      path: [...cur.path, child.name],
      span: wordSpan(opts.statement, opts.source, nameW),
    });
    return undefined;
  }
  const listObj = b.w.child(cur.obj, child.name, true);
  const ep = [...cur.path, child.name, nameW.text];
  const existed = listObj[nameW.text] !== undefined;
  const entry = b.w.child(listObj, nameW.text);
  if (b.mayProtect && PROTECTED(entry[META_KEY]) && cur.i + 2 < words.length)
    return b.protectedWarn(ep, ep, opts.statement);
  if (!existed) b.rec.node(ep, opts.statement, opts.source, word, nameW);
  cur.entered(ep, child.entry!, entry);
  cur.i += 2;
  cur.steps?.push(walkStep(word.text, nameW.text, entry, child.entry!, ep));
  return GO;
}

function flag(cur: Cursor, child: RefNode, word: Word): Stepped {
  const { b, opts } = cur;
  const obj = cur.obj;
  if (protectedLeaf(b, cur, child, opts)) return undefined;
  if (obj[child.name] === undefined) b.applyChoice(cur.scope, obj, child);
  b.w.set(obj, child.name, true);
  b.rec.leaf(cur.path, child.name, opts.statement, opts.source, word, word, undefined);
  cur.reached(child);
  cur.i++;
  return GO;
}

function leafList(cur: Cursor, child: RefNode): Stepped {
  const { b, words, opts } = cur;
  const word = words[cur.i];
  const v = words[cur.i + 1];
  if (!v) return missing(b, child, word, cur.path, opts);
  if (protectedLeaf(b, cur, child, opts)) return undefined;
  const obj = cur.obj;
  const path = cur.path;
  const values = v.list ? v.list.map((x) => x.text) : [v.text];
  if (obj[child.name] === undefined) b.applyChoice(cur.scope, obj, child);
  const arr = b.w.array<string>(obj, child.name);
  for (const x of values) if (!arr.includes(x)) arr.push(x);
  b.rec.leaf(path, child.name, opts.statement, opts.source, word, v, v);
  // OPAQUE: each value's own span ([...path, leaf, value]), for diagnostics on one value
  for (const x of v.list ?? [v])
    b.spans.set([...path, child.name, x.text], {
      statement: { source: opts.source, start: word.start, end: v.end },
      value: wordSpan(opts.statement, opts.source, x),
    });
  cur.reached(child);
  cur.i += 2;
  return GO;
}

/** Whether the leaf (flag, leaf-list) child of the current scope is protected (warned). */
function protectedLeaf(b: ConfigBuilder, cur: Cursor, child: RefNode, opts: WalkOptions): boolean {
  if (!b.mayProtect || !PROTECTED(cur.obj[META_KEY + child.name])) return false;
  const p = [...cur.path, child.name];
  b.protectedWarn(p, p, opts.statement);
  return true;
}

/** Sets leaf to v's value (a number for an integer, $9$ for a secret); false after an error. */
function setLeaf(
  b: ConfigBuilder,
  cur: Cursor,
  leaf: RefNode,
  key: Word,
  v: Word,
  opts: WalkOptions,
): boolean {
  if (protectedLeaf(b, cur, leaf, opts)) return false;
  const parent = cur.path;
  const obj = cur.obj;
  let value: string | number = v.text;
  if (leaf.valueType === 'integer' && /^-?\d{1,15}$/.test(value)) value = Number(value);
  else if (leaf.secret) {
    const stored = storedSecret(leaf, [...parent, leaf.name], value);
    if ('error' in stored) {
      b.diagnostics.push({
        code: 'INVALID_VALUE',
        stage: 'schema',
        severity: 'error',
        message: stored.error,
        path: [...parent, leaf.name],
        span: { source: opts.source, start: v.start, end: v.end },
      });
      return false;
    }
    value = stored.value;
  }
  if (obj[leaf.name] === undefined) b.applyChoice(cur.scope, obj, leaf);
  b.w.set(obj, leaf.name, value);
  b.rec.leaf(parent, leaf.name, opts.statement, opts.source, key, v, v);
  cur.reached(leaf);
  return true;
}

function missing(b: ConfigBuilder, node: RefNode, key: Word, path: string[], opts: WalkOptions): undefined {
  const ph =
    node.kind === 'list'
      ? `<${node.keyName ?? node.name}>`
      : (node.placeholder ??
        (node.schema.enum ? `(${(node.schema.enum as string[]).join(' | ')})` : `<${node.name}>`));
  b.error({
    code: 'MISSING_VALUE',
    message: `syntax error, expecting ${ph}: ${key.raw}`,
    path,
    span: wordSpan(opts.statement, opts.source, key),
  });
  return undefined;
}

function expecting(scope: RefNode): string {
  const names = scope.order;
  const shown = names.length > 12 ? [...names.slice(0, 12), '...'] : names;
  return shown.join(' ');
}
