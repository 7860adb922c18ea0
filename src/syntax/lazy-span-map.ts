/**
 * A SpanMap that records spans as (path, spans) pairs and builds its index on
 * first read. Parsing a 200,000-line file records a span per statement, but a
 * valid file never reads one: hashing 200,000 joined path keys is deferred to
 * the first diagnostic that needs a position (the "offsets while processing,
 * line:col only for display" rule applied to the side table).
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import { SpanMap, type StatementSpans } from '../tree/span-map.js';

export class LazySpanMap extends SpanMap {
  // one pending record per set, in order: either a spans object, or a leaf in
  // compact form (parent path + name + offsets: no objects on the hot path)
  private parents: ConfigPath[] = [];
  private names: (string | undefined)[] = [];
  private objs: (StatementSpans | undefined)[] = [];
  private sources: string[] = [];
  private nums: number[] = [];

  override set(path: ConfigPath, spans: StatementSpans): void {
    this.parents.push(path);
    this.names.push(undefined);
    this.objs.push(spans);
    this.sources.push('');
    this.nums.push(0, 0, 0, 0);
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
    this.parents.push(parent);
    this.names.push(name);
    this.objs.push(undefined);
    this.sources.push(source);
    this.nums.push(keyStart, keyEnd, valueStart, end);
  }

  private flush(): void {
    const n = this.parents.length;
    if (n === 0) return;
    const { parents, names, objs, sources, nums } = this;
    this.parents = [];
    this.names = [];
    this.objs = [];
    this.sources = [];
    this.nums = [];
    for (let i = 0; i < n; i++) {
      const name = names[i];
      if (name === undefined) {
        super.set(parents[i], objs[i]!);
        continue;
      }
      const source = sources[i];
      const [ks, ke, vs, end] = [nums[4 * i], nums[4 * i + 1], nums[4 * i + 2], nums[4 * i + 3]];
      super.set([...parents[i], name], {
        statement: { source, start: ks, end },
        key: { source, start: ks, end: ke },
        ...(vs >= 0 ? { value: { source, start: vs, end } } : {}),
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
