/**
 * A SpanMap that records spans as (path, spans) pairs and builds its index on
 * first read. Parsing a 200,000-line file records a span per statement, but a
 * valid file never reads one: hashing 200,000 joined path keys is deferred to
 * the first diagnostic that needs a position (the "offsets while processing,
 * line:col only for display" rule applied to the side table).
 *
 * The parser's records are compact: a path (shared with the walk), a name and
 * offsets in a Float64Array, so the pending records are a few arrays rather
 * than three span objects per statement for the garbage collector to trace.
 */
import type { ConfigPath, Span } from '../diag/diagnostic.js';
import { SpanMap, type StatementSpans, type WordOffsets } from '../tree/span-map.js';
import type { SpanRecorder } from './span-recorder.js';
import { nodeSpans, type Word } from './words.js';

/** Record kinds (first number of a record). */
const OBJ = 0;
/** A leaf, flag or leaf-list: path is the parent, plus a name; statement = key start .. end. */
const LEAF = 1;
/** A container or list entry: path is the node's own path; statement and key given apart. */
const NODE = 2;
/** NODE with a value span (a list entry's name). */
const NODE_VALUE = 3;
/** A path only (no spans): the parent of later records (see anchor()). */
const ANCHOR = 4;
/** setStatement(): path and a statement span that replaces the statement of the spans recorded so far. */
const STATEMENT = 5;
/** setOpened(): path is the container, the name an OpenedWords. */
const OPENED = 6;
/** Numbers per record: kind, source index, up to six offsets, then the parent record id (PARENT). */
const W = 9;
const PARENT = 8;
/** PARENT of a record whose ref is its path (or a leaf's parent path), not a name. */
const EXPLICIT = -2;
/** Records per chunk of the number store (chunks are added, never copied). */
const CHUNK = 4096;

/** The words and span of a setOpened record. */
interface OpenedWords {
  readonly words: readonly string[];
  readonly at: Span;
  readonly offsets: readonly WordOffsets[] | undefined;
}

/**
 * Records name their path in one of two ways: an array (the path itself, or
 * a leaf's parent), or, for the set-file fast path, the id of the record of
 * the parent node (-1: the root) plus one or two names (a container name, or
 * a list keyword and an entry name). The second way costs no array
 * per node: a 200,000-line file records its paths as a tree of ids, and the
 * arrays are made only when the spans are read.
 */
export class LazySpanMap extends SpanMap implements SpanRecorder {
  // the pending records, in order: record i has id base + i
  /** Per record: its path (EXPLICIT), else the entry name of a list entry (undefined for others). */
  private refs: (ConfigPath | string | undefined)[] = [];
  private names: (string | StatementSpans | OpenedWords | undefined)[] = [];
  private chunks: Float64Array[] = [new Float64Array(W * CHUNK)];
  /** The chunk that receives the next record. */
  private nums = this.chunks[0];
  private count = 0;
  private base = 0;
  /** Paths of node and anchor records made so far (by id; filled on demand). */
  private nodePaths: ConfigPath[] = [];
  private sourceTable: string[] = [];
  private lastSource = '';
  private lastSourceIndex = -1;

  private sourceIndex(source: string): number {
    if (source === this.lastSource && this.lastSourceIndex >= 0) return this.lastSourceIndex;
    let i = this.sourceTable.indexOf(source);
    if (i < 0) i = this.sourceTable.push(source) - 1;
    this.lastSource = source;
    this.lastSourceIndex = i;
    return i;
  }

  /** The offset of the next record's numbers in this.nums, adding a chunk when needed. */
  private slot(): number {
    const i = this.count++;
    const at = (i % CHUNK) * W;
    if (at === 0 && i > 0) {
      const c = i / CHUNK;
      if (c === this.chunks.length) this.chunks.push(new Float64Array(W * CHUNK));
      this.nums = this.chunks[c];
    }
    return at;
  }

  /** Starts a record; returns the offset of its numbers in this.nums. */
  private record(
    kind: number,
    ref: ConfigPath | number,
    name: string | StatementSpans | OpenedWords | undefined,
    name2: string | undefined,
  ): number {
    const at = this.slot();
    const n = this.nums;
    n[at] = kind;
    if (typeof ref === 'number') {
      n[at + PARENT] = ref;
      this.refs.push(name2);
    } else {
      n[at + PARENT] = EXPLICIT;
      this.refs.push(ref);
    }
    this.names.push(name);
    return at;
  }

  override set(path: ConfigPath, spans: StatementSpans): void {
    this.record(OBJ, path, spans, undefined);
  }

  /** Recorded as it is, in order with set(): the later of the two wins. */
  override setOpened(
    container: ConfigPath,
    words: readonly string[],
    at: Span,
    offsets?: readonly WordOffsets[],
  ): void {
    this.record(OPENED, container, { words, at, offsets }, undefined);
  }

  /** Recorded as it is: the curly parser sets a statement span per statement, and a read would index everything. */
  override setStatement(path: ConfigPath, statement: Span): void {
    this.record(STATEMENT, path, { statement }, undefined);
  }

  /** SpanRecorder.node: compact when the statement is in the same text as the words. */
  node(path: ConfigPath, statement: Span, source: string, key: Word, value: Word | undefined): void {
    if (statement.source !== source) {
      this.set(path, nodeSpans(statement, source, key, value));
      return;
    }
    this.nodeAt(
      path,
      undefined,
      undefined,
      source,
      statement.start,
      statement.end,
      key.start,
      key.end,
      value !== undefined,
      value ? value.start : 0,
      value ? value.end : 0,
    );
  }

  /** SpanRecorder.leaf, as one compact record. */
  leaf(
    parent: ConfigPath,
    name: string,
    _statement: Span,
    source: string,
    key: Word,
    to: Word,
    value: Word | undefined,
  ): void {
    this.leafAt(parent, name, source, key.start, key.end, value ? value.start : -1, to.end);
  }

  /**
   * A leaf at parent+name (parent: a path, or the id of its record, -1 the
   * root): key [keyStart, keyEnd), value from valueStart (-1: none), statement
   * from the key to end.
   */
  leafAt(
    parent: ConfigPath | number,
    name: string,
    source: string,
    keyStart: number,
    keyEnd: number,
    valueStart: number,
    end: number,
  ): void {
    const at = this.record(LEAF, parent, name, undefined);
    const n = this.nums;
    n[at + 1] = this.sourceIndex(source);
    n[at + 2] = keyStart;
    n[at + 3] = keyEnd;
    n[at + 4] = valueStart;
    n[at + 5] = end;
  }

  /**
   * A container or list entry: at path (name undefined), or parent/name (a
   * container) or parent/name/name2 (a list entry), parent being a record id
   * (-1: the root); the statement span [start, end) in source, the key word,
   * and the value word if hasValue. Returns the new record's id, the parent
   * id of the node's children.
   */
  nodeAt(
    parent: ConfigPath | number,
    name: string | undefined,
    name2: string | undefined,
    source: string,
    start: number,
    end: number,
    keyStart: number,
    keyEnd: number,
    hasValue: boolean,
    valueStart: number,
    valueEnd: number,
  ): number {
    const at = this.record(hasValue ? NODE_VALUE : NODE, parent, name, name2);
    const n = this.nums;
    n[at + 1] = this.sourceIndex(source);
    n[at + 2] = start;
    n[at + 3] = end;
    n[at + 4] = keyStart;
    n[at + 5] = keyEnd;
    n[at + 6] = valueStart;
    n[at + 7] = valueEnd;
    return this.base + this.count - 1;
  }

  /**
   * An id for an existing node (no spans recorded): its path, or parent (a
   * record id, -1: the root) plus name (and name2 for a list entry).
   */
  anchor(parent: ConfigPath | number, name?: string, name2?: string): number {
    this.record(ANCHOR, parent, name, name2);
    return this.base + this.count - 1;
  }

  /** The path of a node or anchor record. */
  pathOf(id: number): ConfigPath {
    if (id < 0) return [];
    const known = this.nodePaths[id];
    if (known !== undefined) return known;
    const i = id - this.base;
    const parentId = this.chunks[Math.floor(i / CHUNK)][(i % CHUNK) * W + PARENT];
    let path: ConfigPath;
    if (parentId === EXPLICIT) path = this.refs[i] as ConfigPath;
    else {
      const parent = this.pathOf(parentId);
      const name = this.names[i] as string;
      const name2 = this.refs[i] as string | undefined;
      path = name2 === undefined ? [...parent, name] : [...parent, name, name2];
    }
    this.nodePaths[id] = path;
    return path;
  }

  private flush(): void {
    const count = this.count;
    if (count === 0) return;
    const { refs, names, chunks, sourceTable, base } = this;
    for (let i = 0; i < count; i++) {
      const nums = chunks[Math.floor(i / CHUNK)];
      const at = (i % CHUNK) * W;
      const kind = nums[at];
      if (kind === OBJ) {
        super.set(refs[i] as ConfigPath, names[i] as StatementSpans);
        continue;
      }
      if (kind === STATEMENT) {
        const p = refs[i] as ConfigPath;
        super.set(p, { ...super.get(p), statement: (names[i] as StatementSpans).statement });
        continue;
      }
      if (kind === ANCHOR) continue;
      if (kind === OPENED) {
        const o = names[i] as OpenedWords;
        super.setOpened(refs[i] as ConfigPath, o.words, o.at, o.offsets);
        continue;
      }
      const source = sourceTable[nums[at + 1]];
      if (kind === LEAF) {
        const parentId = nums[at + PARENT];
        const parent = parentId === EXPLICIT ? (refs[i] as ConfigPath) : this.pathOf(parentId);
        const [ks, ke, vs, end] = [nums[at + 2], nums[at + 3], nums[at + 4], nums[at + 5]];
        super.set([...parent, names[i] as string], {
          statement: { source, start: ks, end },
          key: { source, start: ks, end: ke },
          ...(vs >= 0 ? { value: { source, start: vs, end } } : {}),
        });
        continue;
      }
      const [ss, se, ks, ke, vs, ve] = [
        nums[at + 2],
        nums[at + 3],
        nums[at + 4],
        nums[at + 5],
        nums[at + 6],
        nums[at + 7],
      ];
      super.set(this.pathOf(base + i), {
        statement: { source, start: ss, end: se },
        key: { source, start: ks, end: ke },
        ...(kind === NODE_VALUE ? { value: { source, start: vs, end: ve } } : {}),
      });
    }
    // ids go on from here; the pending store is reused (a curly file reads a span per statement)
    for (let i = 0; i < count; i++) {
      const kind = chunks[Math.floor(i / CHUNK)][(i % CHUNK) * W];
      if (kind === NODE || kind === NODE_VALUE || kind === ANCHOR) this.pathOf(base + i);
    }
    this.base = base + count;
    this.refs = [];
    this.names = [];
    this.count = 0;
    this.nums = chunks[0];
  }

  protected override settle(): void {
    this.flush();
  }

  override get(path: ConfigPath): StatementSpans | undefined {
    this.flush();
    return super.get(path);
  }

  override nearest(path: ConfigPath): { path: ConfigPath; spans: StatementSpans } | undefined {
    this.flush();
    return super.nearest(path);
  }

  override get size(): number {
    this.flush();
    return super.size;
  }

  override entries(): IterableIterator<[string, StatementSpans]> {
    this.flush();
    return super.entries();
  }
}
