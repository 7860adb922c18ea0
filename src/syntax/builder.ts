/**
 * The tree builder shared by the set-format commands and the curly format:
 * folds words into paths with the Reftree (what a word means at a place) and
 * writes them into a copy-on-write tree, recording spans and diagnostics.
 * Junos `set` semantics: creates the path, overwrites a leaf, adds to a
 * leaf-list, replaces the other members of a choice, continues in the same
 * container after a leaf or flag (several leaves on one line).
 */
import { LazySpanMap } from './lazy-span-map.js';
import type { ConfigPath, Diagnostic, Span } from '../diag/diagnostic.js';
import {
  META_KEY,
  OPAQUE_KEY,
  type ConfigTree,
  type NodeMeta,
  type OpaqueStatement,
} from '../tree/config-tree.js';
import { SpanMap } from '../tree/span-map.js';
import { TreeWriter, isObject, type MutObject } from '../tree/tree-ops.js';
import { suggest, type RefNode, type Reftree } from '../reftree/reftree.js';
import { encrypt9, isEncrypted9 } from './secret.js';
import type { Word } from './words.js';

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

/**
 * One container or list-entry step of the previous set line from the root:
 * consecutive lines that share a path prefix (`set security pki ca-profile X
 * ...` ten times) resume from the deepest shared step instead of resolving
 * and copying the prefix again.
 */
interface Step {
  readonly texts: readonly string[];
  readonly obj: MutObject;
  readonly path: string[];
  readonly scope: RefNode;
}

export class ConfigBuilder {
  readonly w: TreeWriter;
  readonly spans: SpanMap;
  readonly diagnostics: Diagnostic[] = [];
  private readonly choiceCache = new Map<RefNode, Map<string, string[]>>();
  private steps: Step[] = [];
  /** False while no node can be protected (an empty start and no protect yet): skips "@<leaf>" lookups. */
  private mayProtect: boolean;

  /** Forget the shared-prefix cache (after anything but `set` changed the tree). */
  invalidate(): void {
    this.steps = [];
  }

  constructor(
    tree: ConfigTree,
    spans: SpanMap | undefined,
    readonly rt: Reftree,
  ) {
    this.w = new TreeWriter(tree);
    this.spans = spans ?? new LazySpanMap();
    this.mayProtect = Object.keys(tree).length > 0;
  }

  error(diag: Omit<Diagnostic, 'stage' | 'severity'> & { severity?: Diagnostic['severity'] }): void {
    this.diagnostics.push({ stage: 'syntax', severity: 'error', ...diag });
  }

  private choiceSiblings(scope: RefNode, child: RefNode): string[] {
    let m = this.choiceCache.get(scope);
    if (!m) {
      m = new Map();
      for (const k of scope.order) {
        const c = scope.children.get(k)!;
        if (c.choice) m.set(c.choice, [...(m.get(c.choice) ?? []), k]);
      }
      this.choiceCache.set(scope, m);
    }
    return (m.get(child.choice!) ?? []).filter((k) => k !== child.name);
  }

  /** Removes the other members of child's choice from obj (Junos: silently). */
  private applyChoice(scope: RefNode, obj: MutObject, child: RefNode): void {
    if (!child.choice) return;
    for (const k of this.choiceSiblings(scope, child)) {
      if (obj[k] !== undefined) {
        this.w.remove(obj, k);
        this.steps = [];
      }
    }
  }

  private expecting(scope: RefNode): string {
    const names = scope.order;
    const shown = names.length > 12 ? [...names.slice(0, 12), '...'] : names;
    return shown.join(' ');
  }

  /**
   * Walks words from a scope (a container or list entry at scopePath), creating
   * what `set` creates. Returns undefined after reporting an error; what was set
   * before the error stays (Junos keeps the valid prefix of a line).
   */
  walk(
    scopePath: readonly string[],
    scopeNode: RefNode,
    words: readonly Word[],
    opts: WalkOptions,
  ): WalkResult | undefined {
    const w = this.w;
    let path = scopePath.slice();
    let scope = scopeNode;
    let obj = w.obj(scopePath);
    if (this.mayProtect && PROTECTED(obj[META_KEY]) && words.length > 0)
      return this.protectedWarn(path, path, opts.statement);
    // paths of leaves are kept as (parent, name) and joined only when returned: no array per leaf
    let lastPath = path;
    let lastName: string | undefined;
    let lastNode: RefNode = scope;
    let firstPath: string[] | undefined;
    let firstName: string | undefined;
    let i = 0;
    const caching = opts.shareSteps === true && scopePath.length === 0;
    let steps: Step[] = [];
    if (caching) {
      // resume after the deepest step shared with the previous line
      const prev = this.steps;
      let k = 0;
      let at = 0;
      for (; k < prev.length; k++) {
        const t = prev[k].texts;
        if (at + t.length > words.length) break;
        let same = true;
        for (let j = 0; j < t.length && same; j++) same = !words[at + j].list && words[at + j].text === t[j];
        if (!same) break;
        at += t.length;
      }
      if (k > 0) {
        const st = prev[k - 1];
        steps = prev.slice(0, k);
        obj = st.obj;
        path = st.path;
        scope = st.scope;
        lastPath = path;
        lastNode = scope;
        firstPath = prev[0].path;
        firstName = undefined;
        i = at;
      }
    }
    while (i < words.length) {
      const word = words[i];
      const child = word.list ? undefined : scope.children.get(word.text);
      if (!child) {
        if (scope.nokeywordChild && !word.list) {
          const leaf = scope.children.get(scope.nokeywordChild)!;
          if (!this.setLeaf(scope, obj, leaf, word, word, path, opts)) return undefined;
          lastPath = path;
          lastName = leaf.name;
          lastNode = leaf;
          if (!firstPath) [firstPath, firstName] = [path, leaf.name];
          i++;
          continue;
        }
        if (scope.open && !word.list) {
          const s = suggest(word.text, scope.order);
          if (s && s !== word.text) {
            this.error({
              code: 'SUSPICIOUS_STATEMENT',
              severity: 'warning',
              message: `'${word.text}' is not a known statement here and is kept verbatim; did you mean '${s}'?`,
              path,
              span: { source: opts.source, start: word.start, end: word.end },
            });
          }
          return {
            kind: 'opaque',
            containerPath: path,
            words: words.slice(i),
            firstPath: firstPath && firstName !== undefined ? [...firstPath, firstName] : firstPath,
          };
        }
        const s = word.list ? undefined : suggest(word.text, scope.order);
        this.error({
          code: 'UNKNOWN_STATEMENT',
          message:
            `syntax error, expecting <statement>: ${word.raw}` +
            (s
              ? ` (did you mean '${s}'?)`
              : scope.order.length
                ? ` (expecting one of: ${this.expecting(scope)})`
                : ''),
          path,
          span: { source: opts.source, start: word.start, end: word.end },
        });
        return undefined;
      }
      const cp = child.kind === 'container' || child.kind === 'list' ? [...path, child.name] : path;
      switch (child.kind) {
        case 'container': {
          const existed = obj[child.name] !== undefined;
          if (!existed) this.applyChoice(scope, obj, child);
          const next = w.child(obj, child.name);
          if (this.mayProtect && PROTECTED(next[META_KEY]) && i + 1 < words.length)
            return this.protectedWarn(cp, cp, opts.statement);
          if (!existed) this.spans.set(cp, { statement: opts.statement, key: span(opts, word) });
          obj = next;
          path = cp;
          scope = child;
          lastPath = cp;
          lastName = undefined;
          lastNode = child;
          firstPath ??= cp;
          i++;
          if (caching) steps.push({ texts: [word.text], obj, path, scope });
          break;
        }
        case 'list': {
          const nameW = words[i + 1];
          if (!nameW || nameW.list) return this.missing(child, word, path, opts);
          if (nameW.text === '__proto__' || nameW.text.startsWith('@')) {
            // the tree is plain JSON objects: these names would be the prototype or a reserved key
            this.error({
              code: 'INVALID_COMMAND',
              message: `error: '${nameW.text}' cannot be used as a name`,
              path: [...path, child.name],
              span: { source: opts.source, start: nameW.start, end: nameW.end },
            });
            return undefined;
          }
          const listObj = w.child(obj, child.name, true);
          const ep = [...cp, nameW.text];
          const existed = listObj[nameW.text] !== undefined;
          const entry = w.child(listObj, nameW.text);
          if (this.mayProtect && PROTECTED(entry[META_KEY]) && i + 2 < words.length)
            return this.protectedWarn(ep, ep, opts.statement);
          if (!existed)
            this.spans.set(ep, {
              statement: opts.statement,
              key: span(opts, word),
              value: span(opts, nameW),
            });
          obj = entry;
          path = ep;
          scope = child.entry!;
          lastPath = ep;
          lastName = undefined;
          lastNode = child.entry!;
          firstPath ??= ep;
          i += 2;
          if (caching) steps.push({ texts: [word.text, nameW.text], obj, path, scope });
          break;
        }
        case 'leaf': {
          const v = words[i + 1];
          if (!v || v.list) return this.missing(child, word, path, opts);
          if (!this.setLeaf(scope, obj, child, word, v, path, opts)) return undefined;
          lastPath = path;
          lastName = child.name;
          lastNode = child;
          if (!firstPath) [firstPath, firstName] = [path, child.name];
          i += 2;
          break;
        }
        case 'flag': {
          if (this.mayProtect && PROTECTED(obj[META_KEY + child.name]))
            return this.protectedWarn([...path, child.name], [...path, child.name], opts.statement);
          if (obj[child.name] === undefined) this.applyChoice(scope, obj, child);
          w.set(obj, child.name, true);
          this.spanOf(path, child.name, opts, word, word, undefined);
          lastPath = path;
          lastName = child.name;
          lastNode = child;
          if (!firstPath) [firstPath, firstName] = [path, child.name];
          i++;
          break;
        }
        case 'leaf-list': {
          const v = words[i + 1];
          if (!v) return this.missing(child, word, path, opts);
          if (this.mayProtect && PROTECTED(obj[META_KEY + child.name]))
            return this.protectedWarn([...path, child.name], [...path, child.name], opts.statement);
          const values = v.list ? v.list.map((x) => x.text) : [v.text];
          if (obj[child.name] === undefined) this.applyChoice(scope, obj, child);
          const arr = w.array<string>(obj, child.name);
          for (const x of values) if (!arr.includes(x)) arr.push(x);
          this.spanOf(path, child.name, opts, word, v, v);
          lastPath = path;
          lastName = child.name;
          lastNode = child;
          if (!firstPath) [firstPath, firstName] = [path, child.name];
          i += 2;
          break;
        }
      }
    }
    if (caching) this.steps = steps;
    if (
      opts.block &&
      (lastNode.kind === 'leaf' || lastNode.kind === 'flag' || lastNode.kind === 'leaf-list')
    ) {
      this.error({
        code: 'UNEXPECTED_TOKEN',
        message: `syntax error, expecting ';': '${lastNode.name}' takes no block`,
        path: lastPath,
        span: opts.statement,
      });
      return undefined;
    }
    const full = lastName === undefined ? lastPath : [...lastPath, lastName];
    return {
      kind: 'node',
      path: full,
      node: lastNode,
      scopePath: path,
      scopeNode: scope,
      firstPath:
        firstPath === undefined ? full : firstName === undefined ? firstPath : [...firstPath, firstName],
    };
  }

  private setLeaf(
    scope: RefNode,
    obj: MutObject,
    leaf: RefNode,
    key: Word,
    v: Word,
    parent: string[],
    opts: WalkOptions,
  ): boolean {
    if (this.mayProtect && PROTECTED(obj[META_KEY + leaf.name])) {
      this.protectedWarn([...parent, leaf.name], [...parent, leaf.name], opts.statement);
      return false;
    }
    let value: string | number = v.text;
    if (leaf.valueType === 'integer' && /^-?\d{1,15}$/.test(value)) value = Number(value);
    else if (leaf.secret && !isEncrypted9(value)) value = encrypt9(value);
    if (obj[leaf.name] === undefined) this.applyChoice(scope, obj, leaf);
    this.w.set(obj, leaf.name, value);
    this.spanOf(parent, leaf.name, opts, key, v, v);
    return true;
  }

  /** Records the spans of a leaf, flag or leaf-list from its key word to `to`. */
  private spanOf(
    parent: string[],
    name: string,
    opts: WalkOptions,
    key: Word,
    to: Word,
    value: Word | undefined,
  ): void {
    if (this.spans instanceof LazySpanMap) {
      this.spans.setCompact(parent, name, opts.source, key.start, key.end, value ? value.start : -1, to.end);
    } else {
      this.spans.set([...parent, name], {
        statement: stmtSpan(opts, key, to),
        key: span(opts, key),
        ...(value ? { value: span(opts, value) } : {}),
      });
    }
  }

  private missing(node: RefNode, key: Word, path: string[], opts: WalkOptions): undefined {
    const ph =
      node.kind === 'list'
        ? `<${node.keyName ?? node.name}>`
        : (node.placeholder ??
          (node.schema.enum ? `(${(node.schema.enum as string[]).join(' | ')})` : `<${node.name}>`));
    this.error({
      code: 'MISSING_VALUE',
      message: `syntax error, expecting ${ph}: ${key.raw}`,
      path,
      span: { source: opts.source, start: key.start, end: key.end },
    });
    return undefined;
  }

  /** Called when a protect mark is written. */
  noteProtect(): void {
    this.mayProtect = true;
  }

  protectedWarn(
    prot: readonly string[],
    attempted: readonly string[],
    at: Span,
    verb = 'modified',
  ): undefined {
    this.error({
      code: 'PROTECTED_NODE',
      severity: 'warning',
      message: `warning: [${prot.join(' ')}] is protected, '${attempted.join(' ')}' cannot be ${verb}`,
      path: prot,
      span: at,
    });
    return undefined;
  }

  /** Adds set-format words of an unmodelled hierarchy under the open container at path. */
  addOpaqueWords(containerPath: readonly string[], words: readonly string[]): void {
    const obj = this.w.obj(containerPath);
    const list = this.w.array<OpaqueStatement>(obj, OPAQUE_KEY);
    const before = list.length;
    insertOpaque(list, words);
    if (list.length > before) {
      // keep source order: after the modelled child that is last in display order now
      const scope = this.rt.nodeAt(containerPath);
      let after: string | undefined;
      for (const k of scope?.order ?? []) if (obj[k] !== undefined) after = k;
      if (after !== undefined) list[list.length - 1] = { ...list[list.length - 1], after };
    }
  }

  /** Adds one curly-format opaque statement (with its children) under the open container at path. */
  addOpaqueStatement(containerPath: readonly string[], stmt: OpaqueStatement): void {
    const obj = this.w.obj(containerPath);
    this.w.array<OpaqueStatement>(obj, OPAQUE_KEY).push(stmt);
  }

  /** Appends statements converted from JSON/YAML under the open container at path. */
  addOpaqueStatementsFromJson(containerPath: readonly string[], stmts: readonly OpaqueStatement[]): void {
    const obj = this.w.obj(containerPath);
    this.w.array<OpaqueStatement>(obj, OPAQUE_KEY).push(...stmts);
  }

  finish(): ConfigTree {
    return this.w.finish();
  }
}

/** Descends through block statements whose words prefix `words`; the rest becomes one leaf statement. */
function insertOpaque(list: OpaqueStatement[], words: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s.children && s.words.length < words.length && s.words.every((x, j) => x === words[j])) {
      const children = s.children.slice();
      insertOpaque(children, words.slice(s.words.length));
      list[i] = { ...s, children };
      return;
    }
  }
  if (list.some((s) => s.words.length === words.length && s.words.every((x, j) => x === words[j]))) return;
  list.push({ words: words.slice() });
}

function span(opts: WalkOptions, w: Word): Span {
  return { source: opts.source, start: w.start, end: w.end };
}

function stmtSpan(opts: WalkOptions, from: Word, to: Word): Span {
  return { source: opts.source, start: from.start, end: to.end };
}

/** The opaque statement found by descending `words` from an open container's list, with its parents. */
export function findOpaque(
  list: readonly OpaqueStatement[] | undefined,
  words: readonly string[],
  prefixOfLeaf = false,
): { chain: number[] } | undefined {
  if (!list) return undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const n = s.words.length;
    if (prefixOfLeaf && !s.children && n > words.length && words.every((x, j) => x === s.words[j]))
      return { chain: [i] };
    if (n > words.length || !s.words.every((x, j) => x === words[j])) continue;
    if (n === words.length) return { chain: [i] };
    const sub = findOpaque(s.children, words.slice(n), prefixOfLeaf);
    if (sub) return { chain: [i, ...sub.chain] };
  }
  return undefined;
}

export { isObject };
export type { ConfigPath };
