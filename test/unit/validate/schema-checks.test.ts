/**
 * The precompiled checks (ajv standalone code, src/validate/schema-checks.ts,
 * what the shipped bundle loads instead of compiling the schema at start) give
 * the same diagnostics as the checks ajv compiles at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { standaloneChecksModule, type ChecksFactory } from '../../../src/validate/schema-checks.js';
import type { SchemaNode } from '../../../src/reftree/schema-node.js';
import { createValidator, DEFAULT_SCHEMA } from '../../../src/validate/validate.js';

const CONFIG = [
  'set security pki ca-profile a ca-identity a',
  'set security pki ca-profile a enrollment url 12',
  'set security pki ca-profile b revocation-check crl refresh-interval 99999',
  'set security pki ca-profile c ca-identity c enrollment retry 9999',
  'set security ike gateway g address 300.1.1.1',
  'set security pki local-certificate l1 ca-profile nowhere',
].join('\n');

let factory: ChecksFactory;

beforeAll(async () => {
  // beside the repository's node_modules: the module requires ajv's helpers from where it lies
  const dir = resolve('dist/test-gen');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `schema-checks-${process.pid}.mjs`);
  writeFileSync(file, standaloneChecksModule(DEFAULT_SCHEMA as SchemaNode));
  factory = ((await import(pathToFileURL(file).href)) as { makeChecks: ChecksFactory }).makeChecks;
});

test('standalone checks report what run-time compiled checks report', () => {
  const parsed = parseConfig(CONFIG, 'c.set');
  expect(parsed.value).toBeDefined();
  const { tree, spans } = parsed.value!;
  const runtime = createValidator(DEFAULT_SCHEMA).validate(tree, spans);
  const precompiled = createValidator(DEFAULT_SCHEMA, factory).validate(tree, spans);
  expect(runtime.length).toBeGreaterThan(2);
  expect(precompiled).toEqual(runtime);
  // and a clean tree stays clean
  const ok = parseConfig('set security pki ca-profile a ca-identity a', 'ok.set').value!;
  expect(createValidator(DEFAULT_SCHEMA, factory).validate(ok.tree, ok.spans)).toEqual([]);
});
