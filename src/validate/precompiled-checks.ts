/**
 * The project schema's checks compiled at build time, or nothing. This module
 * is what tsc builds (nothing: validate.ts compiles the schema with ajv at run
 * time, as the tests want); the shipped bundle (scripts/bundle.mjs) replaces it
 * with the standalone code of src/validate/schema-checks.ts, generated from
 * schemas/junos.schema.json when the bundle is built.
 */
import type { ChecksFactory } from './schema-checks.js';

export const PRECOMPILED_CHECKS: ChecksFactory | undefined = undefined;
