/**
 * The schema read as a reference tree (VyOS "reference tree"): what a word
 * means at a path and what may follow it. The parser, the printers, completion
 * and `?` help all ask the Reftree; nothing about the hierarchy is hard-coded.
 * Vocabulary: schemas/README.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigPath } from '../diag/diagnostic.js';
import { InternalError } from '../diag/diagnostic.js';
import { kindOf, properties, type NodeKind, type SchemaNode } from './schema-node.js';

/** The kinds of statement (schemas/README.md `x-kind`). */
type RefKind = NodeKind;

/** A JSON Schema object as read from the file. */
type SchemaObject = SchemaNode;

export interface RefNode {
  readonly name: string;
  readonly kind: RefKind;
  /** `description`: the `?` help text. */
  readonly help: string;
  /** Container (or list entry) children by keyword, in schema (display) order. */
  readonly children: ReadonlyMap<string, RefNode>;
  /** Keywords in schema order. */
  readonly order: readonly string[];
  /** For a list: the entry container. */
  readonly entry?: RefNode;
  /** For a list: the placeholder of the name (`x-key`), e.g. `ca-profile-name`. */
  readonly keyName?: string;
  readonly presence: boolean;
  readonly open: boolean;
  readonly oneliner: boolean;
  readonly choice?: string;
  readonly ref?: string;
  readonly secret: boolean;
  readonly nokeyword: boolean;
  readonly deprecated: boolean;
  /** Type of a leaf or of leaf-list items. */
  readonly valueType: 'string' | 'integer' | 'none';
  /** The leaf schema (the items schema for a leaf-list): enum, range, pattern, ... */
  readonly schema: SchemaObject;
  /** Help name of the value (`x-placeholder`), default `<value>`. */
  readonly placeholder?: string;
  /** The child leaf whose value is written without keyword, if any. */
  readonly nokeywordChild?: string;
}

export interface Reftree {
  readonly root: RefNode;
  /**
   * `groups { NAME { ... } }` (junos-cli.md §8): a list whose entries hold the
   * top-level statements again (`entry` has the root's children); inside a
   * group a list entry may be named by a `<pattern>`. Not a child of root: the
   * parsers keep `groups` verbatim (@opaque) so that it prints as written, and
   * the expansion of `apply-groups` (src/validate/apply-groups.ts) reads each
   * group from this node.
   */
  readonly groups: RefNode;
  /** The node a configuration path (list names included) designates, or undefined. */
  nodeAt(path: ConfigPath): RefNode | undefined;
  /** Every secret leaf path pattern, for logging filters: list names as `*`. */
  readonly secretPaths: readonly (readonly string[])[];
}

/** Statements Junos allows at every level (junos-cli.md §8) that the schema does not model. */
export const GROUP_STATEMENTS: ReadonlySet<string> = new Set(['apply-groups', 'apply-groups-except']);

/**
 * Whether `word`, unknown to the schema in `scope`, is kept verbatim (an
 * "@opaque" statement) rather than rejected: any word of an open container,
 * and `apply-groups` / `apply-groups-except` everywhere (src/validate/apply-groups.ts
 * expands them for validation).
 */
export function keptVerbatim(scope: RefNode, word: string): boolean {
  return scope.open || GROUP_STATEMENTS.has(word);
}

/** The `groups` list of a root: entries named by group, each holding the root's statements. */
function groupsNode(root: RefNode): RefNode {
  const entry: RefNode = { ...root, name: 'groups', help: 'Configuration group' };
  return {
    ...root,
    name: 'groups',
    kind: 'list',
    help: 'Configuration groups',
    children: new Map(),
    order: [],
    entry,
    keyName: 'group-name',
    open: false,
    nokeywordChild: undefined,
  };
}

/** The container whose children follow `node`: the entry for a list, else the node itself. */
export function scopeOf(node: RefNode): RefNode {
  return node.kind === 'list' && node.entry ? node.entry : node;
}

/**
 * A schema node with its `$ref` followed and its `allOf` merged: the reftree
 * sees every node whole. Local references only (`#/...`); a loop is a bug of
 * the schema, not of the user.
 */
function resolveSchema(rootSchema: SchemaObject, s: unknown, depth = 0): SchemaObject {
  let cur = (s ?? {}) as SchemaObject;
  while (typeof cur.$ref === 'string') {
    if (depth++ > 50) throw new InternalError(`schema $ref loop at ${String(cur.$ref)}`);
    const ref = cur.$ref;
    if (!ref.startsWith('#/')) throw new InternalError(`only local $ref supported: ${ref}`);
    let target: unknown = rootSchema;
    for (const part of ref.slice(2).split('/')) {
      target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    const { $ref: _drop, ...rest } = cur;
    cur = { ...(target as SchemaObject), ...rest };
  }
  if (Array.isArray(cur.allOf)) {
    let merged: SchemaObject = { ...cur };
    for (const part of cur.allOf) {
      const r = resolveSchema(rootSchema, part, depth + 1);
      merged = {
        ...r,
        ...merged,
        properties: { ...((r.properties as object) ?? {}), ...((merged.properties as object) ?? {}) },
      };
    }
    cur = merged;
  }
  return cur;
}

function valueTypeOf(s: SchemaObject): 'string' | 'integer' {
  const t = Array.isArray(s.type) ? s.type : [s.type];
  return t.includes('integer') || t.includes('number') ? 'integer' : 'string';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The RefNode of one resolved schema node whose children are already built. */
function refNode(
  name: string,
  s: SchemaObject,
  kind: RefKind,
  leafSchema: SchemaObject,
  below: { children: Map<string, RefNode>; order: string[]; entry?: RefNode },
): RefNode {
  let nokeywordChild: string | undefined;
  for (const [k, c] of below.children) {
    if (c.nokeyword) {
      nokeywordChild = k;
      break;
    }
  }
  return {
    name,
    kind,
    help: str(s.description) ?? '',
    children: below.children,
    order: below.order,
    entry: below.entry,
    keyName: str(s['x-key']),
    presence: s['x-presence'] === true,
    open: s['x-open'] === true,
    oneliner: s['x-oneliner'] === true,
    choice: str(s['x-choice']),
    ref: str(s['x-ref']) ?? str(leafSchema['x-ref']),
    secret: s['x-secret'] === true || leafSchema['x-secret'] === true,
    nokeyword: s['x-nokeyword'] === true,
    deprecated: s['x-deprecated'] === true,
    valueType: kind === 'leaf' || kind === 'leaf-list' ? valueTypeOf(leafSchema) : 'none',
    schema: leafSchema,
    placeholder: str(s['x-placeholder']),
    nokeywordChild,
  };
}

/** Builds a Reftree from a JSON Schema that uses the x- vocabulary of schemas/README.md. */
export function buildReftree(schema: object): Reftree {
  const rootSchema = schema as SchemaObject;
  const secretPaths: string[][] = [];

  const build = (name: string, raw: unknown, path: string[], seen: number): RefNode => {
    if (seen > 64) throw new InternalError(`schema too deep at ${path.join(' ')}`);
    const s = resolveSchema(rootSchema, raw);
    const kind = kindOf(s);
    const below: { children: Map<string, RefNode>; order: string[]; entry?: RefNode } = {
      children: new Map(),
      order: [],
    };
    let leafSchema: SchemaObject = s;
    if (kind === 'container') {
      for (const [k, child] of Object.entries(properties(s))) {
        below.children.set(k, build(k, child, [...path, k], seen + 1));
        below.order.push(k);
      }
    } else if (kind === 'list') {
      const entry = { 'x-kind': 'container', ...resolveSchema(rootSchema, s.additionalProperties) };
      below.entry = build(name, entry, [...path, '*'], seen + 1);
    } else if (kind === 'leaf-list') {
      leafSchema = resolveSchema(rootSchema, s.items);
    }
    const node = refNode(name, s, kind, leafSchema, below);
    if (node.secret) secretPaths.push(path);
    return node;
  };

  const root = build('', { 'x-kind': 'container', ...resolveSchema(rootSchema, rootSchema) }, [], 0);

  return {
    root,
    groups: groupsNode(root),
    secretPaths,
    nodeAt(path: ConfigPath): RefNode | undefined {
      let node: RefNode = root;
      for (let i = 0; i < path.length; i++) {
        if (node.kind === 'list') {
          node = node.entry!;
          continue; // the word is the entry name
        }
        if (node.kind !== 'container') return undefined;
        const c = node.children.get(path[i]);
        if (!c) return undefined;
        node = c;
      }
      return node;
    },
  };
}

let cached: Reftree | undefined;

/** The directory holding `schemas/junos.schema.json`, found by walking up from this module. */
export function findSchemaFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const f = join(dir, 'schemas', 'junos.schema.json');
    if (existsSync(f)) return f;
    const up = dirname(dir);
    if (up === dir)
      throw new InternalError('schemas/junos.schema.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The Reftree of the project's schema (schemas/junos.schema.json), built once. */
export function defaultReftree(): Reftree {
  if (!cached) cached = buildReftree(JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object);
  return cached;
}

/** Levenshtein distance, capped: used for "did you mean" (HCL: distance < 3). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest keyword among candidates with distance < 3, if any. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
