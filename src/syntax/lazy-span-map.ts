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
import { SpanMap, type StatementSpans } from '../tree/span-map.js';

/** Record kinds (first number of a record). */
const OBJ = 0;
/** A leaf, flag or leaf-list: path is the parent, plus a name; statement = key start .. end. */
const LEAF = 1;
/** A container or list entry: path is the node's own path; statement and key given apart. */
const NODE = 2;
/** NODE with a value span (a list entry's name). */
const NODE_VALUE = 3;
/** Numbers per record: kind, source index, then up to six offsets. */
const W = 8;

export class LazySpanMap extends SpanMap {
  // one pending record per set, in order
  private paths: ConfigPath[] = [];
  private extra: (string | StatementSpans | undefined)[] = [];
  private nums = new Float64Array(W * 1024);
  private count = 0;
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

  /** The offset of the next record's numbers, growing the store when needed. */
  private slot(): number {
    const at = this.count * W;
    if (at + W > this.nums.length) {
      const bigger = new Float64Array(this.nums.length * 2);
      bigger.set(this.nums);
      this.nums = bigger;
    }
    this.count++;
    return at;
  }

  override set(path: ConfigPath, spans: StatementSpans): void {
    this.paths.push(path);
    this.extra.push(spans);
    this.nums[this.slot()] = OBJ;
  }

  /** A leaf at parent+name: key [keyStart, keyEnd), value from valueStart (-1: none), statement to end. */
  setCompact(
    parent: ConfigPath,
    name: string,
    source: string,
    keyStart: number,
    keyEnd: number,
    valueStart: number,
    end: number,
  ): void {
    this.paths.push(parent);
    this.extra.push(name);
    const at = this.slot();
    const n = this.nums;
    n[at] = LEAF;
    n[at + 1] = this.sourceIndex(source);
    n[at + 2] = keyStart;
    n[at + 3] = keyEnd;
    n[at + 4] = valueStart;
    n[at + 5] = end;
  }

  /**
   * A container or list entry at path: the statement span (its source is the
   * source of all three), the key word, and the value word if hasValue.
   */
  setNode(
    path: ConfigPath,
    statement: Span,
    keyStart: number,
    keyEnd: number,
    hasValue: boolean,
    valueStart: number,
    valueEnd: number,
  ): void {
    this.setNodeAt(
      path,
      statement.source,
      statement.start,
      statement.end,
      keyStart,
      keyEnd,
      hasValue,
      valueStart,
      valueEnd,
    );
  }

  /** setNode with the statement span given as source and offsets. */
  setNodeAt(
    path: ConfigPath,
    source: string,
    start: number,
    end: number,
    keyStart: number,
    keyEnd: number,
    hasValue: boolean,
    valueStart: number,
    valueEnd: number,
  ): void {
    this.paths.push(path);
    this.extra.push(undefined);
    const at = this.slot();
    const n = this.nums;
    n[at] = hasValue ? NODE_VALUE : NODE;
    n[at + 1] = this.sourceIndex(source);
    n[at + 2] = start;
    n[at + 3] = end;
    n[at + 4] = keyStart;
    n[at + 5] = keyEnd;
    n[at + 6] = valueStart;
    n[at + 7] = valueEnd;
  }

  private flush(): void {
    const count = this.count;
    if (count === 0) return;
    const { paths, extra, nums, sourceTable } = this;
    this.paths = [];
    this.extra = [];
    this.nums = new Float64Array(W * 1024);
    this.count = 0;
    for (let i = 0; i < count; i++) {
      const at = i * W;
      const kind = nums[at];
      if (kind === OBJ) {
        super.set(paths[i], extra[i] as StatementSpans);
        continue;
      }
      const source = sourceTable[nums[at + 1]];
      if (kind === LEAF) {
        const [ks, ke, vs, end] = [nums[at + 2], nums[at + 3], nums[at + 4], nums[at + 5]];
        super.set([...paths[i], extra[i] as string], {
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
      super.set(paths[i], {
        statement: { source, start: ss, end: se },
        key: { source, start: ks, end: ke },
        ...(kind === NODE_VALUE ? { value: { source, start: vs, end: ve } } : {}),
      });
    }
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
