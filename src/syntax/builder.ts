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
import { keptVerbatim, suggest, type RefNode, type Reftree } from '../reftree/reftree.js';
import { CLASS } from '../../grammar/lexer.js';
import { decrypt9, encrypt9At, isEncrypted9 } from './secret.js';
import { sealOpaqueStatement, sealOpaqueWords } from './seal-secrets.js';
import type { Word } from './words.js';
import { MAX_NESTING_DEPTH } from './input-limits.js';
import { addCurlyStatement, blockPastLimit, insertOpaqueShaped } from './opaque-list.js';
import { shapeAt } from './opaque-shapes.js';

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
  /** The step's words: a container's name, or a list keyword and (name2) an entry name. */
  readonly name: string;
  readonly name2: string | undefined;
  readonly obj: MutObject;
  readonly scope: RefNode;
  /** The step's path; fastSet's steps have none until walk() resumes from them (made from rec). */
  path: string[] | undefined;
  /** The LazySpanMap record id that names the step's path (fastSet's parent of later records); -1: none yet. */
  rec: number;
  /**
   * fastSet's chain steps: the line that made the step (text and offset of its
   * `set`), the length from `set` to the end of the step's last word, and the
   * number of words (with `set`) up to there.
   */
  readonly line: string | undefined;
  readonly lineStart: number;
  readonly len: number;
  readonly words: number;
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

  /** The path of a step (made once from its span record for fastSet's steps). */
  private stepPath(st: Step): string[] {
    if (st.path === undefined) st.path = (this.spans as LazySpanMap).pathOf(st.rec) as string[];
    return st.path;
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
        const st = prev[k];
        const m = st.name2 === undefined ? 1 : 2;
        if (at + m > words.length) break;
        const w0 = words[at];
        if (w0.list || w0.text !== st.name) break;
        if (m === 2 && (words[at + 1].list || words[at + 1].text !== st.name2)) break;
        at += m;
      }
      if (k > 0) {
        const st = prev[k - 1];
        steps = prev.slice(0, k);
        obj = st.obj;
        path = this.stepPath(st);
        scope = st.scope;
        lastPath = path;
        lastNode = scope;
        firstPath = this.stepPath(prev[0]);
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
        if (keptVerbatim(scope, word.text) && !word.list) {
          const s = suggest(word.text, scope.order);
          if (s && s !== word.text) {
            this.error({
              code: 'SUSPICIOUS_STATEMENT',
              severity: 'warning',
              message: `'${word.text}' is not a known statement here and is kept verbatim; did you mean '${s}'?`,
              path,
              span: span(opts, word),
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
          span: span(opts, word),
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
          if (!existed) this.nodeSpans(cp, opts, word, undefined);
          obj = next;
          path = cp;
          scope = child;
          lastPath = cp;
          lastName = undefined;
          lastNode = child;
          firstPath ??= cp;
          i++;
          if (caching) steps.push(walkStep(word.text, undefined, obj, scope, path));
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
              span: span(opts, nameW),
            });
            return undefined;
          }
          const listObj = w.child(obj, child.name, true);
          const ep = [...cp, nameW.text];
          const existed = listObj[nameW.text] !== undefined;
          const entry = w.child(listObj, nameW.text);
          if (this.mayProtect && PROTECTED(entry[META_KEY]) && i + 2 < words.length)
            return this.protectedWarn(ep, ep, opts.statement);
          if (!existed) this.nodeSpans(ep, opts, word, nameW);
          obj = entry;
          path = ep;
          scope = child.entry!;
          lastPath = ep;
          lastName = undefined;
          lastNode = child.entry!;
          firstPath ??= ep;
          i += 2;
          if (caching) steps.push(walkStep(word.text, nameW.text, obj, scope, path));
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
          // OPAQUE: each value's own span ([...path, leaf, value]), for diagnostics on one value
          for (const x of v.list ?? [v])
            this.spans.set([...path, child.name, x.text], {
              statement: stmtSpan(opts, word, v),
              value: span(opts, x),
            });
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

  // the fast path's per-line scratch (reused: no arrays per line)
  private readonly fsStarts: number[] = [];
  private readonly fsEnds: number[] = [];
  private readonly fsTexts: string[] = [];
  private readonly fsNodes: RefNode[] = [];
  private readonly fsHashes: number[] = [];
  /** Per scope: keyword hash (wordHash) -> keyword and node, null where two keywords share a hash. */
  private readonly keywords = new Map<RefNode, Map<number, { key: string; node: RefNode } | null>>();

  /** The child of scope that text[s, e) names (h: its wordHash), without slicing the word. */
  private keyword(scope: RefNode, text: string, s: number, e: number, h: number): RefNode | undefined {
    let index = this.keywords.get(scope);
    if (index === undefined) {
      index = new Map();
      for (const [key, node] of scope.children) {
        const kh = wordHash(key);
        index.set(kh, index.has(kh) ? null : { key, node });
      }
      this.keywords.set(scope, index);
    }
    const c = index.get(h);
    if (c === undefined) return undefined;
    if (c === null) return scope.children.get(text.slice(s, e));
    const key = c.key;
    if (key.length !== e - s) return undefined;
    // a loop: startsWith costs more on these short words
    for (let x = 0; x < key.length; x++) if (text.charCodeAt(s + x) !== key.charCodeAt(x)) return undefined;
    return c.node;
  }

  /**
   * The fast path for one plain `set` line at the top edit level: text[from, to)
   * holds `set` and unquoted words only. Resolves the words against the
   * Reftree first (reading the tree only through the shared-prefix cache) and
   * writes only when the whole line is the common case: existing or new
   * containers, list entries, leaves and flags, no choice, secret, leaf-list,
   * keyword-less leaf, unknown word or protection. Anything else returns false
   * with nothing changed, and the caller takes the general path, which gives
   * the same tree, spans and diagnostics for every line.
   */
  fastSet(text: string, from: number, to: number, source: string): boolean {
    if (this.mayProtect || !(this.spans instanceof LazySpanMap)) return false;
    const starts = this.fsStarts;
    const ends = this.fsEnds;
    const hashes = this.fsHashes;
    // the verb: `set` after optional blanks, then a blank
    let p = from;
    while (p < to) {
      const c = text.charCodeAt(p);
      if (c >= 128 || CLASS[c] !== 1) break;
      p++;
    }
    if (p + 3 >= to || !text.startsWith('set', p)) return false;
    const c3 = text.charCodeAt(p + 3);
    if (c3 >= 128 || CLASS[c3] !== 1) return false;
    starts[0] = p;
    ends[0] = p + 3;
    // resume after the deepest step shared with the previous line: its text
    // from `set` (a prefix of the text of the line that made the deepest step)
    // starts this line and ends at a blank or the line end
    const prev = this.steps;
    let k = 0;
    let n = 1;
    let i = p + 3;
    let q = prev.length;
    while (q > 0 && prev[q - 1].line === undefined) q--;
    if (q > 0) {
      const top = prev[q - 1];
      const lt = top.line!;
      const ls = top.lineStart!;
      const max = Math.min(top.len!, to - p);
      let same = 0;
      while (same < max && text.charCodeAt(p + same) === lt.charCodeAt(ls + same)) same++;
      for (; q > 0; q--) {
        const st = prev[q - 1];
        const len = st.len!;
        if (len > same) continue;
        const e = p + len;
        if (e < to) {
          const d = text.charCodeAt(e);
          if (d >= 128 || CLASS[d] !== 1) continue;
        }
        k = q;
        n = st.words!;
        i = e;
        break;
      }
    }
    const at = n;
    const resumeAt = i;
    // the remaining words: unquoted words and blanks only
    while (i < to) {
      const c = text.charCodeAt(i);
      const cls = c < 128 ? CLASS[c] : 0;
      if (cls === 1) {
        i++;
        continue;
      }
      if (cls !== 0 || (c === 47 && text.charCodeAt(i + 1) === 42)) return false;
      const s = i;
      let h = c;
      i++;
      while (i < to) {
        const d = text.charCodeAt(i);
        if (d < 128 && CLASS[d] !== 0) {
          if (CLASS[d] !== 1) return false;
          break;
        }
        h = (Math.imul(h, 31) + d) | 0;
        i++;
      }
      starts[n] = s;
      ends[n] = i;
      hashes[n] = h;
      n++;
    }
    if (n < 2) return false;
    // resolve the rest read-only
    const texts = this.fsTexts;
    const nodes = this.fsNodes;
    let scope = k > 0 ? prev[k - 1].scope : this.rt.root;
    for (let j = at; j < n;) {
      const child = this.keyword(scope, text, starts[j], ends[j], hashes[j]);
      if (!child || child.choice) return false;
      nodes[j] = child;
      switch (child.kind) {
        case 'container':
          scope = child;
          j++;
          break;
        case 'list': {
          if (j + 1 >= n) return false;
          const name = text.slice(starts[j + 1], ends[j + 1]);
          if (name === '__proto__' || name.startsWith('@')) return false;
          texts[j + 1] = name;
          scope = child.entry!;
          j += 2;
          break;
        }
        case 'leaf':
          if (j + 1 >= n || child.secret) return false;
          texts[j + 1] = text.slice(starts[j + 1], ends[j + 1]);
          j += 2;
          break;
        case 'flag':
          j++;
          break;
        default:
          return false;
      }
    }
    // write, as walk() does
    const w = this.w;
    const spans = this.spans;
    const ss = p;
    const se = n > at ? ends[n - 1] : resumeAt;
    let obj: MutObject;
    // the record id of the current node: the parent of the records below it
    let rec: number;
    if (k > 0) {
      const st = prev[k - 1];
      obj = st.obj;
      if (st.rec < 0) st.rec = spans.anchor(st.path!);
      rec = st.rec;
    } else {
      obj = w.root;
      rec = -1;
    }
    // the steps array is this line's from here (walk() copies it before changing it)
    const steps = prev;
    if (steps.length !== k) steps.length = k;
    // steps after a leaf or flag get no line: only a chain of containers and entries is resumed
    let chain = true;
    for (let j = at; j < n;) {
      const child = nodes[j];
      switch (child.kind) {
        case 'container': {
          const name = child.name;
          obj = w.childOfEntry(obj, name);
          rec = w.lastWasAbsent
            ? spans.nodeAt(rec, name, undefined, source, ss, se, starts[j], ends[j], false, 0, 0)
            : spans.anchor(rec, name);
          steps.push({
            name,
            name2: undefined,
            obj,
            scope: child,
            path: undefined,
            rec,
            line: chain ? text : undefined,
            lineStart: p,
            len: ends[j] - p,
            words: j + 1,
          });
          j++;
          break;
        }
        case 'list': {
          const name = child.name;
          const entry = texts[j + 1];
          const listObj = w.child(obj, name, true);
          obj = w.child(listObj, entry);
          rec = w.lastWasAbsent
            ? spans.nodeAt(
                rec,
                name,
                entry,
                source,
                ss,
                se,
                starts[j],
                ends[j],
                true,
                starts[j + 1],
                ends[j + 1],
              )
            : spans.anchor(rec, name, entry);
          steps.push({
            name,
            name2: entry,
            obj,
            scope: child.entry!,
            path: undefined,
            rec,
            line: chain ? text : undefined,
            lineStart: p,
            len: ends[j + 1] - p,
            words: j + 2,
          });
          j += 2;
          break;
        }
        case 'leaf': {
          let value: string | number = texts[j + 1];
          if (child.valueType === 'integer' && /^-?\d{1,15}$/.test(value)) value = Number(value);
          w.setInEntry(obj, child.name, value);
          chain = false;
          spans.leafAt(rec, child.name, source, starts[j], ends[j], starts[j + 1], ends[j + 1]);
          j += 2;
          break;
        }
        default: {
          // flag
          w.setInEntry(obj, child.name, true);
          chain = false;
          spans.leafAt(rec, child.name, source, starts[j], ends[j], -1, ends[j]);
          j++;
        }
      }
    }
    return true;
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
    else if (leaf.secret) {
      // the pattern is the plain text's (`hexadecimal`): checked before it becomes $9$
      const plain = isEncrypted9(value) ? decrypt9(value)! : value;
      const bad = secretPatternError(leaf, plain);
      if (bad !== undefined) {
        this.diagnostics.push({
          code: 'INVALID_VALUE',
          stage: 'schema',
          severity: 'error',
          message: bad,
          path: [...parent, leaf.name],
          span: { source: opts.source, start: v.start, end: v.end },
        });
        return false;
      }
      if (!isEncrypted9(value)) value = encrypt9At([...parent, leaf.name], value);
    }
    if (obj[leaf.name] === undefined) this.applyChoice(scope, obj, leaf);
    this.w.set(obj, leaf.name, value);
    this.spanOf(parent, leaf.name, opts, key, v, v);
    return true;
  }

  /** Records the spans of a new container (value undefined) or list entry (value: its name). */
  private nodeSpans(path: string[], opts: WalkOptions, key: Word, value: Word | undefined): void {
    const spans = this.spans;
    if (spans instanceof LazySpanMap && opts.statement.source === opts.source) {
      spans.setNode(
        path,
        opts.statement,
        key.start,
        key.end,
        value !== undefined,
        value ? value.start : 0,
        value ? value.end : 0,
      );
    } else {
      spans.set(
        path,
        value
          ? { statement: opts.statement, key: span(opts, key), value: span(opts, value) }
          : { statement: opts.statement, key: span(opts, key) },
      );
    }
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
      span: span(opts, key),
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
    insertOpaqueShaped(list, sealOpaqueWords(containerPath, words, this.rt), shapeAt(containerPath));
    if (list.length > before) {
      // keep source order: after the modelled child that is last in display order now
      const scope = this.rt.nodeAt(containerPath);
      let after: string | undefined;
      for (const k of scope?.order ?? []) if (obj[k] !== undefined) after = k;
      if (after !== undefined) list[list.length - 1] = { ...list[list.length - 1], after };
    }
  }

  /**
   * Where the set line's opaque words would open a block past the nesting
   * limit (input-limits.ts) under the open container at containerPath: the
   * index of the word that opens it, or -1 when the line fits.
   */
  opaqueBlockPastLimit(containerPath: readonly string[], words: readonly string[]): number {
    // read without copying: a refused line must leave the tree as it was
    let obj: unknown = this.w.root;
    for (const k of containerPath) obj = isObject(obj) ? obj[k] : undefined;
    const list = (isObject(obj) ? (obj[OPAQUE_KEY] as OpaqueStatement[] | undefined) : undefined) ?? [];
    const room = MAX_NESTING_DEPTH - blocksOf(this.rt, containerPath);
    return blockPastLimit(list, words, shapeAt(containerPath), room);
  }

  /** Adds one curly-format opaque statement (with its children) under the open container at path. */
  addOpaqueStatement(containerPath: readonly string[], stmt: OpaqueStatement): void {
    const obj = this.w.obj(containerPath);
    addCurlyStatement(
      this.w.array<OpaqueStatement>(obj, OPAQUE_KEY),
      sealOpaqueStatement(containerPath, stmt, this.rt),
    );
  }

  /** Appends statements converted from JSON/YAML under the open container at path. */
  addOpaqueStatementsFromJson(containerPath: readonly string[], stmts: readonly OpaqueStatement[]): void {
    const obj = this.w.obj(containerPath);
    this.w
      .array<OpaqueStatement>(obj, OPAQUE_KEY)
      .push(...stmts.map((st) => sealOpaqueStatement(containerPath, st, this.rt)));
  }

  finish(): ConfigTree {
    return this.w.finish();
  }
}

/** The number of `{ }` blocks that enclose the statements of the modelled node at path. */
function blocksOf(rt: Reftree, path: readonly string[]): number {
  let scope = rt.root;
  let n = 0;
  for (let i = 0; i < path.length; i++, n++) {
    const child = scope.children.get(path[i]);
    if (!child) return n + path.length - i;
    // `ca-profile X {`: a list keyword and an entry name open one block
    if (child.kind === 'list' && child.entry) {
      i++;
      scope = child.entry;
    } else scope = child;
  }
  return n;
}

/** The hash fastSet computes while it scans a word (a keyword's, to find it without slicing the word). */
function wordHash(w: string): number {
  let h = w.charCodeAt(0);
  for (let i = 1; i < w.length; i++) h = (Math.imul(h, 31) + w.charCodeAt(i)) | 0;
  return h;
}

/** A step made by walk(): its path is known, its record is made when fastSet resumes from it. */
function walkStep(
  name: string,
  name2: string | undefined,
  obj: MutObject,
  scope: RefNode,
  path: string[],
): Step {
  return {
    name,
    name2,
    obj,
    scope,
    path,
    rec: -1,
    line: undefined,
    lineStart: 0,
    len: 0,
    words: 0,
  };
}

/** A word's span; the words of an `edit` path have none (start -1): the statement's then. */
function span(opts: WalkOptions, w: Word): Span {
  return w.start < 0 ? opts.statement : { source: opts.source, start: w.start, end: w.end };
}

function stmtSpan(opts: WalkOptions, from: Word, to: Word): Span {
  return { source: opts.source, start: from.start, end: to.end };
}

export { isObject };
export type { ConfigPath };

/** The x-pattern-message (or a generic message) when a secret's plain text breaks the leaf's pattern. */
function secretPatternError(leaf: RefNode, plain: string): string | undefined {
  const pattern = leaf.schema.pattern;
  if (typeof pattern !== 'string' || new RegExp(pattern, 'u').test(plain)) return undefined;
  const custom = leaf.schema['x-pattern-message'];
  return typeof custom === 'string' ? custom : `Must match regular expression '${pattern}'`;
}
