/**
 * The ajv side of validation: the schema split into a root check and one check
 * per list (incremental.ts), compiled either at run time (ajv in this process)
 * or at build time into standalone JavaScript (ajv's standalone code
 * generation, scripts/bundle.mjs), which the shipped bundle loads instead of
 * compiling the schema at every start. Both forms take the same two inputs at
 * run time: the list-entry hook (the per-entry error cache of validate.ts) and
 * the format functions, so they behave the same.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { _, Ajv, Name, type ErrorObject, type KeywordCxt, type ValidateFunction } from 'ajv';
import type { CodeGen } from 'ajv/dist/compile/codegen/index.js';
import standalone from 'ajv/dist/standalone/index.js';
import type { SchemaNode } from '../reftree/schema-node.js';
import { ENTRY_KEYWORD, splitEntrySchemas } from './incremental.js';

/** Every `x-` annotation of schemas/README.md; ajv's strict mode rejects unknown keywords. */
const SCHEMA_ANNOTATIONS = [
  'x-kind',
  'x-presence',
  'x-open',
  'x-oneliner',
  'x-key',
  'x-key-message',
  'x-secret',
  'x-nokeyword',
  'x-placeholder',
  'x-choice',
  'x-ref',
  'x-ref-message',
  'x-ref-severity',
  'x-deprecated',
  'x-range-message',
  'x-pattern-message',
  'x-hidden',
] as const;

/**
 * What a list marker (`{ [ENTRY_KEYWORD]: i }`) calls: `check` validates list
 * or entry `i` and leaves its errors in `last` (read right after the call).
 */
export interface EntryHook {
  check(i: number, data: unknown): boolean;
  last: readonly ErrorObject[];
}

export type FormatTable = Readonly<Record<string, (s: string) => boolean>>;

/** The formats of the schema (schemas/README.md). */
export const FORMATS: FormatTable = {
  'ip-address': (s) => isIPv4(s) || isIPv6(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
};

export interface CompiledChecks {
  readonly root: ValidateFunction;
  readonly entries: readonly ValidateFunction[];
}

/** Builds the checks for a hook: what the run-time compile and the standalone module both are. */
export type ChecksFactory = (hook: EntryHook, formats: FormatTable) => CompiledChecks;

// Names the standalone module receives as parameters (see standaloneChecksModule).
const HOOK_NAME = 'PKICFG_ENTRY_HOOK';
const FORMATS_NAME = 'PKICFG_FORMATS';

function newAjv(hook: EntryHook, standalone: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    verbose: true,
    // ajv's code optimiser costs ~40% of compile time on this schema and buys
    // nothing measurable when validating configuration-sized trees.
    // Standalone: formats are read from the module's parameter.
    code: standalone
      ? { optimize: false, source: true, formats: new Name(FORMATS_NAME) }
      : { optimize: false },
    // Checking the schema against the meta-schema costs ~45 ms per start; the tests
    // check the shipped schema, the shipped bundle (NODE_ENV=production) does not.
    validateSchema: process.env.NODE_ENV !== 'production',
  });
  for (const k of SCHEMA_ANNOTATIONS) ajv.addKeyword(k);
  for (const [name, f] of Object.entries(FORMATS)) ajv.addFormat(name, f);
  // The list marker is generated code calling the hook (a code keyword, not a
  // validate function: only code keywords survive standalone generation).
  const hookRef = (gen: CodeGen) => gen.scopeValue('keyword', { ref: hook, code: new Name(HOOK_NAME) });
  ajv.addKeyword({
    keyword: ENTRY_KEYWORD,
    schemaType: 'number',
    error: { message: 'list entry', params: (cxt) => _`{errors: ${hookRef(cxt.gen)}.last}` },
    code(cxt: KeywordCxt) {
      cxt.fail(_`!${hookRef(cxt.gen)}.check(${cxt.schemaCode}, ${cxt.data})`);
    },
  });
  return ajv;
}

/** Compiles the checks of a schema in this process. */
export function compileChecks(schema: SchemaNode, hook: EntryHook): CompiledChecks {
  const ajv = newAjv(hook, false);
  const split = splitEntrySchemas(schema);
  const entries = split.entries.map((e) => ajv.compile(e));
  return { root: ajv.compile(split.root), entries };
}

/**
 * The checks of a schema as the text of an ES module exporting
 * `makeChecks: ChecksFactory`: ajv's standalone code wrapped in a function of
 * the hook and the formats.
 */
export function standaloneChecksModule(schema: SchemaNode): string {
  const placeholder: EntryHook = { check: () => true, last: [] };
  const ajv = newAjv(placeholder, true);
  const split = splitEntrySchemas(schema);
  const refs: Record<string, string> = { root: 'root' };
  ajv.addSchema(split.root, 'root');
  split.entries.forEach((e, i) => {
    ajv.addSchema(e, `e${i}`);
    refs[`e${i}`] = `e${i}`;
  });
  // ajv's standalone module is CommonJS: its function is the default export's default
  let code = standalone.default(ajv, refs).replace(/^"use strict";/, '');
  // ajv's helpers (ucs2length, equal) are required as CommonJS modules of ajv whose
  // `.default` the code reads: made imports, so that esbuild bundles them (the shipped
  // package needs no node_modules) and node can run the module as it is (the tests)
  const imports: string[] = [];
  const seen = new Map<string, string>();
  code = code.replace(/\brequire\("(ajv\/[^"]+)"\)/g, (_m: string, spec: string) => {
    let name = seen.get(spec);
    if (name === undefined) {
      name = `__ajvRuntime${seen.size}`;
      seen.set(spec, name);
      const file = spec.endsWith('.js') ? spec : `${spec}.js`;
      imports.push(
        `import ${name}_ from ${JSON.stringify(file)};`,
        `const ${name} = { default: __cjsDefault(${name}_) };`,
      );
    }
    return name;
  });
  return [
    '// Generated by scripts/bundle.mjs from schemas/junos.schema.json (src/validate/schema-checks.ts): do not edit.',
    // node's default import of CommonJS is module.exports, esbuild's is exports.default (__esModule)
    'const __cjsDefault = (m) => (m !== null && typeof m === "object" && m.__esModule ? m.default : m);',
    ...imports,
    `export function makeChecks(${HOOK_NAME}, ${FORMATS_NAME}) {`,
    'const exports = {};',
    code,
    `return { root: exports.root, entries: [${split.entries.map((_e, i) => `exports.e${i}`).join(', ')}] };`,
    '}',
    '',
  ].join('\n');
}
