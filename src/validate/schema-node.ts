/** Transitional: the schema vocabulary now lives in src/reftree/schema-node.ts. */
export * from '../reftree/schema-node.js';
