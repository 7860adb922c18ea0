/**
 * The fast path for one plain `set` line at the top edit level: text[from, to)
 * holds `set` and unquoted words only. It scans the line with the lexer's own
 * loops (grammar/lexer.ts), resolves the words against the Reftree first
 * (reading the tree only through the shared-prefix steps, set-steps.ts) and
 * writes only when the whole line is the common case: existing or new
 * containers, list entries, leaves and flags, no choice, secret, leaf-list,
 * keyword-less leaf, unknown word or protection. Anything else returns false
 * with nothing changed, and the caller takes the general path (walk.ts), which
 * gives the same tree, spans and diagnostics for every line
 * (test/property/fast-set.property.test.ts pins it).
 *
 * It exists for speed (bench/parse.ts): no Word objects, no slicing of
 * keywords (they are found by a hash computed over the text), span records
 * named by parent id rather than by path (span-recorder.ts), scratch arrays
 * reused from line to line.
 */
import type { RefNode } from '../reftree/reftree.js';
import type { MutObject } from '../tree/tree-ops.js';
import { classAt, skipBlanks, wordEnd } from '../../grammar/lexer.js';
import type { ConfigBuilder } from './builder.js';
import type { Step } from './set-steps.js';

/** Per scope: keyword hash (wordHash) -> keyword and node, null where two keywords share a hash. */
type KeywordIndex = Map<number, { key: string; node: RefNode } | null>;

export class FastSet {
  // the per-line scratch (reused: no arrays per line)
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly texts: string[] = [];
  private readonly nodes: RefNode[] = [];
  private readonly keywords = new Map<RefNode, KeywordIndex>();
  // the line scanned (fields rather than an object per line): the offset of
  // `set`, the steps of the previous line resumed from (0: none), the index of
  // the first new word, the word count, where the new words start
  private p = 0;
  private k = 0;
  private at = 0;
  private n = 0;
  private resumeAt = 0;

  /** Applies the line to b and returns true, or returns false having changed nothing. */
  apply(b: ConfigBuilder, text: string, from: number, to: number, source: string): boolean {
    if (b.mayProtect) return false;
    if (!this.scan(b.steps, text, from, to) || !this.resolve(b, text)) return false;
    this.write(b, text, source);
    return true;
  }

  /** The verb, the steps resumed from and the remaining words; false when the line is not plain. */
  private scan(prev: readonly Step[], text: string, from: number, to: number): boolean {
    const starts = this.starts;
    const ends = this.ends;
    // the verb: `set` after optional blanks, then a blank
    const p = skipBlanks(text, from, to);
    if (p + 3 >= to || !text.startsWith('set', p) || classAt(text, p + 3) !== 1) return false;
    starts[0] = p;
    ends[0] = p + 3;
    this.p = p;
    this.resume(prev, text, p, to);
    let n = this.at;
    // the remaining words: unquoted words and blanks only
    for (let i = this.resumeAt; ;) {
      i = skipBlanks(text, i, to);
      if (i >= to) break;
      if (classAt(text, i) !== 0 || (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42))
        return false;
      const e = wordEnd(text, i, to);
      if (e < to && classAt(text, e) !== 1) return false;
      starts[n] = i;
      ends[n] = e;
      n++;
      i = e;
    }
    this.n = n;
    return n >= 2;
  }

  /**
   * Where this line resumes after the deepest step shared with the previous
   * line: its text from `set` (a prefix of the text of the line that made the
   * deepest step) starts this line and ends at a blank or the line end. Sets
   * k (the steps kept), at (the words, with `set`, up to there) and resumeAt
   * (the offset after them).
   */
  private resume(prev: readonly Step[], text: string, p: number, to: number): void {
    this.k = 0;
    this.at = 1;
    this.resumeAt = p + 3;
    let q = prev.length;
    while (q > 0 && prev[q - 1].line === undefined) q--;
    if (q === 0) return;
    const top = prev[q - 1];
    const lt = top.line!;
    const ls = top.lineStart;
    const max = Math.min(top.len, to - p);
    let same = 0;
    while (same < max && text.charCodeAt(p + same) === lt.charCodeAt(ls + same)) same++;
    for (; q > 0; q--) {
      const st = prev[q - 1];
      const len = st.len;
      if (len > same) continue;
      const e = p + len;
      if (e < to && classAt(text, e) !== 1) continue;
      this.k = q;
      this.at = st.words;
      this.resumeAt = e;
      return;
    }
  }

  /** Resolves the new words read-only into this.nodes (and names into this.texts); false: not the common case. */
  private resolve(b: ConfigBuilder, text: string): boolean {
    const { starts, ends, texts, nodes, n } = this;
    let scope = this.k > 0 ? b.steps[this.k - 1].scope : b.rt.root;
    for (let j = this.at; j < n;) {
      const child = this.keyword(scope, text, starts[j], ends[j]);
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
    return true;
  }

  /**
   * Writes the resolved words, as walk() does, and makes this line's steps.
   * Long because: one loop over the word kinds with the line's position
   * (object, record id, chain) carried from word to word; each case is short.
   */
  private write(b: ConfigBuilder, text: string, source: string): void {
    const { starts, ends, texts, nodes, p, k, at, n } = this;
    const w = b.w;
    const rec = b.rec;
    const ss = p;
    const se = n > at ? ends[n - 1] : this.resumeAt;
    // the steps array is this line's from here (walk() copies it before changing it)
    const steps = b.steps;
    let obj: MutObject;
    // the record id of the current node: the parent of the records below it
    let id: number;
    if (k > 0) {
      const st = steps[k - 1];
      obj = st.obj;
      if (st.rec < 0) st.rec = rec.anchor(st.path!);
      id = st.rec;
    } else {
      obj = w.root;
      id = -1;
    }
    if (steps.length !== k) steps.length = k;
    // steps after a leaf or flag get no line: only a chain of containers and entries is resumed
    let chain = true;
    for (let j = at; j < n;) {
      const child = nodes[j];
      const name = child.name;
      switch (child.kind) {
        case 'container': {
          obj = w.childOfEntry(obj, name);
          id = w.lastWasAbsent
            ? rec.nodeAt(id, name, undefined, source, ss, se, starts[j], ends[j], false, 0, 0)
            : rec.anchor(id, name);
          steps.push(chainStep(name, undefined, obj, child, id, chain ? text : undefined, p, ends[j], j + 1));
          j++;
          break;
        }
        case 'list': {
          const entry = texts[j + 1];
          obj = w.child(w.child(obj, name, true), entry);
          const vs = starts[j + 1];
          const ve = ends[j + 1];
          id = w.lastWasAbsent
            ? rec.nodeAt(id, name, entry, source, ss, se, starts[j], ends[j], true, vs, ve)
            : rec.anchor(id, name, entry);
          steps.push(chainStep(name, entry, obj, child.entry!, id, chain ? text : undefined, p, ve, j + 2));
          j += 2;
          break;
        }
        case 'leaf': {
          let value: string | number = texts[j + 1];
          if (child.valueType === 'integer' && /^-?\d{1,15}$/.test(value)) value = Number(value);
          w.setInEntry(obj, name, value);
          chain = false;
          rec.leafAt(id, name, source, starts[j], ends[j], starts[j + 1], ends[j + 1]);
          j += 2;
          break;
        }
        default: {
          // flag
          w.setInEntry(obj, name, true);
          chain = false;
          rec.leafAt(id, name, source, starts[j], ends[j], -1, ends[j]);
          j++;
        }
      }
    }
  }

  /** The child of scope that text[s, e) names, without slicing the word. */
  private keyword(scope: RefNode, text: string, s: number, e: number): RefNode | undefined {
    let index = this.keywords.get(scope);
    if (index === undefined) {
      index = new Map();
      for (const [key, node] of scope.children) {
        const kh = wordHash(key, 0, key.length);
        index.set(kh, index.has(kh) ? null : { key, node });
      }
      this.keywords.set(scope, index);
    }
    const c = index.get(wordHash(text, s, e));
    if (c === undefined) return undefined;
    if (c === null) return scope.children.get(text.slice(s, e));
    const key = c.key;
    if (key.length !== e - s) return undefined;
    // a loop: startsWith costs more on these short words
    for (let x = 0; x < key.length; x++) if (text.charCodeAt(s + x) !== key.charCodeAt(x)) return undefined;
    return c.node;
  }
}

/** A step of a chain of containers and entries from `set`: resumable by the next line while line is set. */
function chainStep(
  name: string,
  name2: string | undefined,
  obj: MutObject,
  scope: RefNode,
  rec: number,
  line: string | undefined,
  lineStart: number,
  end: number,
  words: number,
): Step {
  return { name, name2, obj, scope, path: undefined, rec, line, lineStart, len: end - lineStart, words };
}

/** A hash of text[s, e), computed over the text (a keyword's, to find it without slicing the word). */
function wordHash(text: string, s: number, e: number): number {
  let h = text.charCodeAt(s);
  for (let i = s + 1; i < e; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
