/**
 * ajv errors in Junos words. One table keyed by ajv `keyword` turns each
 * ErrorObject into a diagnostic description: the code, the message (Junos
 * wording, or the schema's own `x-*-message`), the configuration path, and
 * which span of the statement is the subject (the value for enum, pattern,
 * format and ranges; the parent's keyword for `required`; the entry name for
 * list-name errors). Errors ajv emits twice are dropped (`propertyNames` wraps
 * the error of the name itself).
 */
import type { ErrorObject } from 'ajv';
import type { ConfigPath } from '../diag/diagnostic.js';
import type { DiagnosticCode } from '../diag/codes.js';
import { kindOf, schemaAt, type SchemaNode } from '../reftree/schema-node.js';

/** What the runner needs to build a Diagnostic from one ajv error. */
export interface MappedError {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Path of the subject node. */
  readonly path: ConfigPath;
  readonly item?: string;
  readonly at: 'key' | 'value' | 'statement';
}

interface ErrorPlace {
  /** Path of the node the error is about (the object for `required`, the entry for names). */
  readonly path: ConfigPath;
  /** Leaf-list item value when the error is about one item. */
  readonly item?: string;
  /** The error is about a list entry name (inside `propertyNames`). */
  readonly isName: boolean;
  /** The schema of the list, for name errors. */
  readonly list?: SchemaNode;
}

function decodePointer(p: string): string[] {
  if (p === '') return [];
  return p
    .split('/')
    .slice(1)
    .map((w) => w.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function placeOf(root: SchemaNode, e: ErrorObject, data: unknown): ErrorPlace {
  const words = decodePointer(e.instancePath);
  // A trailing array index addresses one value of a leaf-list.
  let path = words;
  let item: string | undefined;
  if (words.length > 0 && /^\d+$/.test(words[words.length - 1])) {
    const parent = schemaAt(root, words.slice(0, -1));
    if (parent && kindOf(parent.node) === 'leaf-list') {
      path = words.slice(0, -1);
      item = String(data);
    }
  }
  if (e.propertyName !== undefined) {
    const list = schemaAt(root, path)?.node;
    return { path: [...path, e.propertyName], isName: true, list };
  }
  return { path, item, isName: false };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const last = (p: ConfigPath): string => p[p.length - 1] ?? '';

type Mapper = (e: ErrorObject, place: ErrorPlace, root: SchemaNode) => MappedError | undefined;

function range(e: ErrorObject, place: ErrorPlace): MappedError {
  const s = (e.parentSchema ?? {}) as SchemaNode;
  const min = s.minimum ?? s.exclusiveMinimum ?? '';
  const max = s.maximum ?? s.exclusiveMaximum ?? '';
  const message =
    typeof s['x-range-message'] === 'string'
      ? s['x-range-message']
      : `Value ${str(e.data)} is not within range (${str(min)}..${str(max)})`;
  return { code: 'VALUE_OUT_OF_RANGE', message, path: place.path, item: place.item, at: 'value' };
}

function invalid(place: ErrorPlace, message: string): MappedError {
  return {
    code: place.isName ? 'INVALID_NAME' : 'INVALID_VALUE',
    message,
    path: place.path,
    item: place.item,
    at: place.isName ? 'key' : 'value',
  };
}

const FORMAT_WORDS: Record<string, string> = {
  'ip-address': 'IP address',
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
};

/** The table: ajv keyword -> mapping. Keywords not listed become SCHEMA_VIOLATION. */
const AJV_KEYWORDS: Readonly<Record<string, Mapper>> = {
  required: (e, place) => ({
    code: 'MISSING_MANDATORY',
    message: `Missing mandatory statement: '${str((e.params as { missingProperty: string }).missingProperty)}'`,
    path: place.path,
    at: 'key',
  }),
  minimum: range,
  maximum: range,
  exclusiveMinimum: range,
  exclusiveMaximum: range,
  enum: (e, place) => {
    const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(str);
    return invalid(place, `syntax error, expecting one of: ${allowed.join(' ')}`);
  },
  pattern: (e, place) => {
    const s = (e.parentSchema ?? {}) as SchemaNode;
    const custom = place.isName ? place.list?.['x-key-message'] : s['x-pattern-message'];
    const pattern = str((e.params as { pattern: string }).pattern);
    return invalid(place, typeof custom === 'string' ? custom : `Must match regular expression '${pattern}'`);
  },
  maxLength: (e, place) =>
    invalid(place, `Must be string of ${str((e.params as { limit: number }).limit)} characters or less`),
  minLength: (e, place) =>
    invalid(place, `Must be string of at least ${str((e.params as { limit: number }).limit)} characters`),
  format: (e, place) => {
    const f = str((e.params as { format: string }).format);
    return invalid(place, `Invalid ${FORMAT_WORDS[f] ?? f} '${str(e.data)}'`);
  },
  type: (e, place) => {
    const t = (e.params as { type: string | string[] }).type;
    const types = Array.isArray(t) ? t : [t];
    if (types.includes('integer')) return invalid(place, `Invalid numeric value: '${str(e.data)}'`);
    if (types.includes('string'))
      return invalid(place, `Invalid value for '${last(place.path)}': expecting a string`);
    return {
      code: 'SCHEMA_VIOLATION',
      message: `'${last(place.path)}' is ${types.includes('object') ? 'a container' : types.includes('boolean') ? 'a flag without value' : 'a list of values'}`,
      path: place.path,
      at: 'statement',
    };
  },
  const: (_e, place) => invalid(place, `'${last(place.path)}' takes no value`),
  maxItems: (e, place) => ({
    code: 'TOO_MANY_VALUES',
    message: `Too many values for '${last(place.path)}': at most ${str((e.params as { limit: number }).limit)} allowed`,
    path: place.path,
    at: 'value',
  }),
  uniqueItems: (e, place) => {
    const data = Array.isArray(e.data) ? e.data : [];
    const i = (e.params as { i: number }).i;
    return {
      code: 'DUPLICATE_VALUE',
      message: `Duplicate value '${str(data[i])}' in '${last(place.path)}'`,
      path: place.path,
      item: data[i] === undefined ? undefined : String(data[i]),
      at: 'value',
    };
  },
  additionalProperties: (e, place) => {
    const prop = str((e.params as { additionalProperty: string }).additionalProperty);
    return {
      code: 'SCHEMA_VIOLATION',
      message: `syntax error: '${prop}' is not a statement of [edit ${place.path.join(' ')}]`.replace(
        '[edit ]',
        '[edit]',
      ),
      path: [...place.path, prop],
      at: 'key',
    };
  },
  // The error of the name itself is reported; this wrapper would repeat it.
  propertyNames: () => undefined,
};

/** Maps one ajv error (compiled with `verbose: true`) to a diagnostic description, or undefined to drop it. */
export function mapAjvError(root: SchemaNode, e: ErrorObject): MappedError | undefined {
  const place = placeOf(root, e, e.data);
  const m = AJV_KEYWORDS[e.keyword];
  if (m) return m(e, place, root);
  return {
    code: 'SCHEMA_VIOLATION',
    message: e.message ?? e.keyword,
    path: place.path,
    item: place.item,
    at: 'statement',
  };
}
