/**
 * The tree builder shared by the set-format commands, the curly format and
 * the JSON/YAML readers: what a statement's words write into a copy-on-write
 * tree, with spans and diagnostics. It owns the state of a build (the tree
 * writer, the span recorder, the choice members, whether anything can be
 * protected, the shared-prefix steps of set lines); the walk of one
 * statement's words is walk.ts, the fast path for a plain set line is
 * fast-set.ts, and both reach that state through the fields below.
 */
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import { OPAQUE_KEY, type ConfigTree, type OpaqueStatement } from '../tree/config-tree.js';
import type { SpanMap } from '../tree/span-map.js';
import { isObject, type MutObject } from '../tree/tree-ops.js';
import { TreeWriter } from '../tree/tree-writer.js';
import type { RefNode, Reftree } from '../reftree/reftree.js';
import { sealOpaqueStatement, sealOpaqueWords } from './seal-secrets.js';
import type { Word } from './words.js';
import { MAX_NESTING_DEPTH } from './input-limits.js';
import { addCurlyStatement, blockPastLimit, insertOpaqueShaped } from './opaque-list.js';
import { shapeAt } from './opaque-shapes.js';
import { LazySpanMap } from './lazy-span-map.js';
import { spanRecorder, type SpanRecorder } from './span-recorder.js';
import type { Step } from './set-steps.js';
import { walkWords, type WalkOptions, type WalkResult } from './walk.js';
import { FastSet } from './fast-set.js';

export type { WalkOptions, WalkResult } from './walk.js';

export class ConfigBuilder {
  readonly w: TreeWriter;
  readonly spans: SpanMap;
  /** The spans' recorder (walk.ts, fast-set.ts write through it, whichever SpanMap spans is). */
  readonly rec: SpanRecorder;
  readonly diagnostics: Diagnostic[] = [];
  private readonly choiceCache = new Map<RefNode, Map<string, string[]>>();
  /** The steps of the previous set line from the root (set-steps.ts): walk.ts and fast-set.ts resume from them. */
  steps: Step[] = [];
  private readonly fast = new FastSet();
  /** False while no node can be protected (an empty start and no protect yet): skips "@<leaf>" lookups. */
  private protectable: boolean;

  constructor(
    tree: ConfigTree,
    spans: SpanMap | undefined,
    readonly rt: Reftree,
  ) {
    this.w = new TreeWriter(tree);
    this.spans = spans ?? new LazySpanMap();
    this.rec = spanRecorder(this.spans);
    this.protectable = Object.keys(tree).length > 0;
  }

  /** Whether a node can be protected (else the walk skips the protect lookups). */
  get mayProtect(): boolean {
    return this.protectable;
  }

  /** Forget the shared-prefix cache (after anything but `set` changed the tree). */
  invalidate(): void {
    this.steps = [];
  }

  error(diag: Omit<Diagnostic, 'stage' | 'severity'> & { severity?: Diagnostic['severity'] }): void {
    this.diagnostics.push({ stage: 'syntax', severity: 'error', ...diag });
  }

  /**
   * Walks words from a scope (a container or list entry at scopePath), creating
   * what `set` creates (walk.ts). Returns undefined after reporting an error;
   * what was set before the error stays (Junos keeps the valid prefix of a line).
   */
  walk(
    scopePath: readonly string[],
    scopeNode: RefNode,
    words: readonly Word[],
    opts: WalkOptions,
  ): WalkResult | undefined {
    return walkWords(this, scopePath, scopeNode, words, opts);
  }

  /**
   * The fast path for one plain `set` line at the top edit level
   * (fast-set.ts): true when it applied text[from, to), false (nothing
   * changed) when the caller must take the general path.
   */
  fastSet(text: string, from: number, to: number, source: string): boolean {
    return this.fast.apply(this, text, from, to, source);
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
  applyChoice(scope: RefNode, obj: MutObject, child: RefNode): void {
    if (!child.choice) return;
    for (const k of this.choiceSiblings(scope, child)) {
      if (obj[k] !== undefined) {
        this.w.remove(obj, k);
        this.steps = [];
      }
    }
  }

  /** The path of a step (made once from its span record for fastSet's steps). */
  stepPath(st: Step): string[] {
    if (st.path === undefined) st.path = this.rec.pathOf(st.rec) as string[];
    return st.path;
  }

  /** Called when a protect mark is written. */
  noteProtect(): void {
    this.protectable = true;
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
