/** The small test schema (test/fixtures/syntax/schema/mini.schema.json) and its Reftree. */
import { readFileSync } from 'node:fs';
import { buildReftree } from '../../../src/reftree/reftree.js';

export const MINI_SCHEMA = JSON.parse(
  readFileSync('test/fixtures/syntax/schema/mini.schema.json', 'utf8'),
) as object;
export const MINI = buildReftree(MINI_SCHEMA);
