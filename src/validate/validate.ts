/**
 * Validation of a configuration tree: the JSON Schema (ajv, compiled once per
 * schema, all errors) on the effective tree, then the semantic rules of
 * rules/. Every finding becomes a Diagnostic with the Junos `[edit ...]`
 * context, the statement text and, when the tree came from text, the span of
 * its subject (looked up in the SpanMap).
 *
 * The schema is injectable (`opts.schema`): nothing here knows a statement
 * name except the rules that encode a Junos `must` rule the schema cannot say.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { ConfigPath, Diagnostic, RelatedInfo, Severity, Span } from '../diag/diagnostic.js';
import { CATALOGUE, type DiagnosticCode } from '../diag/codes.js';
import type { ConfigTree } from '../tree/config-tree.js';
import type { SpanMap } from '../tree/span-map.js';
import { buildReftree, defaultReftree, findSchemaFile, type Reftree } from '../reftree/reftree.js';
import { expandGroups } from './apply-groups.js';
import { mapAjvError } from './ajv-to-diagnostic.js';
import { schemaAt, type SchemaNode } from '../reftree/schema-node.js';
import { subjectOf } from './subject.js';
import type { Rule, RuleReport } from './rule.js';
import { checkYangStatements } from './yang-statements.js';
import { RULES } from './rules/index.js';
import { entryErrorCache, expandEntryErrors, sharedEffectiveTree } from './incremental.js';
import {
  compileChecks,
  FORMATS,
  type ChecksFactory,
  type CompiledChecks,
  type EntryHook,
} from './schema-checks.js';
import { PRECOMPILED_CHECKS } from './precompiled-checks.js';

export interface ValidateOptions {
  /** `--strict`: also report every unmodelled statement (as a warning). */
  readonly strict?: boolean;
  /** Validate against this schema instead of schemas/junos.schema.json. */
  readonly schema?: object;
  /** Semantic rules to run (default: all of rules/index.ts). */
  readonly rules?: readonly Rule[];
}

/** A compiled schema plus the rules: validates trees. */
export interface Validator {
  readonly schema: SchemaNode;
  validate(tree: ConfigTree, spans: SpanMap | undefined, opts?: ValidateOptions): Diagnostic[];
}

interface Located {
  readonly span?: Span;
}

function locate(
  spans: SpanMap | undefined,
  path: ConfigPath,
  at: 'key' | 'value' | 'statement',
  isEntry: boolean,
  item?: string,
): Located {
  if (!spans) return {};
  if (item !== undefined) {
    const si = spans.get([...path, item]);
    if (si) return { span: si.value ?? si.statement };
  }
  const s = spans.get(path);
  if (s) {
    if (at === 'statement') return { span: s.statement };
    // A list entry is named by its name (the value span), not by the list keyword.
    if (isEntry) return { span: s.value ?? s.key ?? s.statement };
    if (at === 'key') return { span: s.key ?? s.statement };
    return { span: s.value ?? s.statement };
  }
  const near = spans.nearest(path);
  return { span: near?.spans.statement };
}

/** What a rule or a mapped ajv error reports, before it becomes a Diagnostic. */
interface Finding {
  code: DiagnosticCode;
  message: string;
  path: ConfigPath;
  item?: string;
  at: 'key' | 'value' | 'statement';
  severity?: Severity;
  statement?: string;
  context?: ConfigPath;
  related?: readonly RelatedInfo[];
}

/** A finding as a Diagnostic: `[edit ...]` context, statement text, span, related spans, group. */
function diagnosticOf(
  schema: SchemaNode,
  tree: ConfigTree,
  spans: SpanMap | undefined,
  r: Finding,
  inheritedFrom?: (path: ConfigPath) => string | undefined,
): Diagnostic {
  const info = CATALOGUE[r.code];
  const subject =
    r.statement !== undefined
      ? { context: r.context ?? r.path.slice(0, -1), statement: r.statement }
      : subjectOf(schema, tree, r.path, r.item);
  const isEntry = schemaAt(schema, r.path)?.isEntry ?? false;
  const { span } = locate(spans, r.path, r.at, isEntry, r.item);
  const related = r.related?.map((x) => {
    const near = x.path && spans ? spans.get(x.path) : undefined;
    if (!near || !x.path) return x;
    // A list entry is pointed at by its name, anything else by its keyword.
    const entry = schemaAt(schema, x.path)?.isEntry ?? false;
    return { ...x, span: (entry ? near.value : undefined) ?? near.key ?? near.statement };
  });
  // a statement inherited from a configuration group: said so, and pointed at inside the group
  const group = inheritedFrom?.(r.item !== undefined ? [...r.path, r.item] : r.path);
  return {
    code: r.code,
    severity: r.severity ?? info.severity,
    stage: info.stage,
    message: group === undefined ? r.message : `${r.message} (inherited from group '${group}')`,
    path: subject.context,
    statement: subject.statement,
    ...(span ? { span } : {}),
    ...(related && related.length > 0 ? { related } : {}),
  };
}

/**
 * The schema's checks of a whole tree (ajv errors, entry markers expanded).
 * Each list's entry schema is compiled on its own and its errors are cached
 * per entry object (incremental.ts): re-validating a tree that shares most
 * entries with one validated before runs ajv only on the changed entries.
 * The project schema's checks come precompiled in the shipped bundle.
 */
function schemaChecker(
  schemaObject: object,
  precompiled: ChecksFactory | undefined,
): (data: unknown) => readonly ErrorObject[] {
  const entryErrors = entryErrorCache((i, data) => {
    const f = checks.entries[i]; // assigned below, before any call
    return f(data) ? [] : expandEntryErrors(f.errors ?? []);
  });
  const hook: EntryHook = {
    last: [],
    check(i, data) {
      const errors = entryErrors(i, data);
      hook.last = errors;
      return errors.length === 0;
    },
  };
  const factory = precompiled ?? (schemaObject === DEFAULT_SCHEMA ? PRECOMPILED_CHECKS : undefined);
  const checks: CompiledChecks =
    factory !== undefined ? factory(hook, FORMATS) : compileChecks(schemaObject as SchemaNode, hook);
  const rootCheck = checks.root;
  return (data) => (rootCheck(data) ? [] : expandEntryErrors(rootCheck.errors ?? []));
}

/**
 * Compiles a schema into a Validator (ajv compile happens here, once), or takes
 * its checks from `precompiled` (standalone code of the same schema).
 */
export function createValidator(schemaObject: object, precompiled?: ChecksFactory): Validator {
  const schema = schemaObject as SchemaNode;
  // the reference tree reads the statements inside `groups` (apply-groups.ts)
  let reftree: Reftree | undefined;
  const rt = (): Reftree =>
    (reftree ??= schemaObject === DEFAULT_SCHEMA ? defaultReftree() : buildReftree(schemaObject));
  const check = schemaChecker(schemaObject, precompiled);
  const build = (
    tree: ConfigTree,
    spans: SpanMap | undefined,
    r: Finding,
    inheritedFrom?: (path: ConfigPath) => string | undefined,
  ): Diagnostic => diagnosticOf(schema, tree, spans, r, inheritedFrom);

  return {
    schema,
    validate(configured, configuredSpans, opts = {}) {
      // Junos expands configuration groups before the constraint checks; a tree
      // without groups comes back as it is
      const x = expandGroups(configured, configuredSpans, rt());
      const tree = x.tree;
      const spans = x.spans;
      const eff = sharedEffectiveTree(tree);
      const out: Diagnostic[] = [];
      const seen = new Set<string>();
      const push = (d: Diagnostic): void => {
        const k = `${d.code}\u0000${(d.path ?? []).join(' ')}\u0000${d.statement ?? ''}\u0000${d.message}`;
        if (seen.has(k)) return;
        seen.add(k);
        out.push(d);
      };
      for (const d of x.diagnostics) push(d);
      // unmodelled statements against the YANG schema, as written (a typo in a group once, in the group)
      for (const d of checkYangStatements(configured, configuredSpans, rt(), opts.strict === true)) push(d);
      for (const e of check(eff)) {
        const m = mapAjvError(schema, e);
        if (m) push(build(eff, spans, m, x.inheritedFrom));
      }
      const strict = opts.strict === true;
      for (const rule of opts.rules ?? RULES) {
        rule.check({
          tree: eff,
          raw: tree,
          schema,
          strict,
          report: (r: RuleReport) => push(build(eff, spans, { ...r, at: r.at ?? 'value' }, x.inheritedFrom)),
        });
      }
      return sortDiagnostics(out);
    },
  };
}

/** Orders diagnostics by source position (those without a span last, in report order). */
function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const sa = a.d.span;
      const sb = b.d.span;
      if (sa && sb) {
        if (sa.source !== sb.source) return sa.source < sb.source ? -1 : 1;
        if (sa.start !== sb.start) return sa.start - sb.start;
      } else if (sa || sb) {
        return sa ? -1 : 1;
      }
      return a.i - b.i;
    })
    .map((x) => x.d);
}

/** schemas/junos.schema.json, read once. */
export const DEFAULT_SCHEMA: object = JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object;

let defaultValidatorCache: Validator | undefined;

/**
 * The validator of the project schema, compiled once, on first use: compiling
 * takes hundreds of milliseconds, and every `pkicfg` command imports this
 * module through the command registry, most without validating anything.
 */
function defaultValidator(): Validator {
  defaultValidatorCache ??= createValidator(DEFAULT_SCHEMA);
  return defaultValidatorCache;
}

const injected = new WeakMap<object, Validator>();

/**
 * Validates a configuration tree (raw: with "@" metadata and opaque statements;
 * the effective tree is derived here) and returns every problem found: schema
 * errors first mapped to Junos wording, then the semantic rules, ordered by
 * source position. Warnings (deprecated statements, --strict findings) are
 * included; callers decide whether they fail the run.
 */
export function validateTree(tree: ConfigTree, spans?: SpanMap, opts: ValidateOptions = {}): Diagnostic[] {
  let v: Validator;
  if (opts.schema && opts.schema !== DEFAULT_SCHEMA) {
    v = injected.get(opts.schema) ?? createValidator(opts.schema);
    injected.set(opts.schema, v);
  } else {
    v = defaultValidator();
  }
  return v.validate(tree, spans, opts);
}
