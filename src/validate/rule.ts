/**
 * The shape of a semantic rule (ESLint style: one rule per file in rules/, an
 * id named after the file, a `check` that reports). Rules see the effective
 * tree (inactive parts removed), the raw tree (for opaque statements) and the
 * schema; they report paths, and the runner turns paths into `[edit ...]`
 * context, statement text and source spans.
 */
import type { ConfigPath, RelatedInfo, Severity } from '../diag/diagnostic.js';
import type { DiagnosticCode } from '../diag/codes.js';
import type { ConfigTree } from '../tree/config-tree.js';
import type { SchemaNode } from '../reftree/schema-node.js';

export interface RuleReport {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Path of the offending node (a list entry is `[..., 'ca-profile', 'ROOT']`). */
  readonly path: ConfigPath;
  /** One value of a leaf-list, when only that value is at fault. */
  readonly item?: string;
  /** Which span to point at: the value (default for leaves) or the keyword / entry name. */
  readonly at?: 'key' | 'value' | 'statement';
  /**
   * The statement text, when the runner cannot derive it from the schema (opaque
   * statements); `context` is then the `[edit ...]` context.
   */
  readonly statement?: string;
  readonly context?: ConfigPath;
  /** Overrides the code's default severity. */
  readonly severity?: Severity;
  /** Related places (e.g. where the referenced list is); spans are filled by the runner. */
  readonly related?: readonly RelatedInfo[];
}

export interface RuleContext {
  /**
   * The effective tree: no inactive nodes. It may keep "@" keys (metadata,
   * "@order") so that unchanged subtrees are shared, not copied: read lists
   * with listNames / keysOf and never treat a "@" word as data.
   */
  readonly tree: ConfigTree;
  /** The tree as parsed, with "@opaque" statements and metadata. */
  readonly raw: ConfigTree;
  readonly schema: SchemaNode;
  readonly strict: boolean;
  report(r: RuleReport): void;
}

export interface Rule {
  /** Kebab-case id, the file name (`reference-exists`). */
  readonly id: string;
  readonly check: (ctx: RuleContext) => void;
}
