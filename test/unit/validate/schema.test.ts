/**
 * Lint of schemas/junos.schema.json against its own vocabulary
 * (schemas/README.md): every node has a kind and help text, references point
 * at lists that exist (or under an open container, for unmodelled targets),
 * choices have at least two members, `security pki` is closed, and ajv
 * compiles it in strict mode.
 */
import { DEFAULT_SCHEMA, createValidator } from '../../../src/validate/validate.js';
import {
  entrySchema,
  itemSchema,
  kindOf,
  nameSchema,
  properties,
  schemaAt,
  type SchemaNode,
} from '../../../src/reftree/schema-node.js';

const root = DEFAULT_SCHEMA as SchemaNode;

interface Visited {
  path: string;
  node: SchemaNode;
}
function all(): Visited[] {
  const out: Visited[] = [];
  const rec = (node: SchemaNode, path: string[]): void => {
    out.push({ path: path.join(' '), node });
    const k = kindOf(node);
    if (k === 'container') for (const [key, c] of Object.entries(properties(node))) rec(c, [...path, key]);
    if (k === 'list') rec(entrySchema(node), [...path, '<name>']);
  };
  rec(root, []);
  return out;
}

describe('schemas/junos.schema.json', () => {
  const nodes = all();
  test('compiles in ajv strict mode', () => {
    expect(() => createValidator(DEFAULT_SCHEMA)).not.toThrow();
  });
  test('every node has an x-kind and help text', () => {
    const bad = nodes.filter(
      ({ node }) =>
        typeof node['x-kind'] !== 'string' || typeof node.description !== 'string' || node.description === '',
    );
    expect(bad.map((b) => b.path)).toEqual([]);
  });
  test('references point at lists of the schema or into open containers', () => {
    const refs = nodes.flatMap(({ path, node }) =>
      [node, itemSchema(node), nameSchema(node)]
        .filter((s) => typeof s['x-ref'] === 'string')
        .map((s) => ({ path, target: String(s['x-ref']).split(' ') })),
    );
    expect(refs.length).toBeGreaterThan(8);
    for (const { target } of refs) {
      let i = 0;
      let node = root;
      while (i < target.length && kindOf(node) === 'container' && properties(node)[target[i]])
        node = properties(node)[target[i++]];
      if (i === target.length) expect(kindOf(node)).toBe('list');
      else expect(node['x-open']).toBe(true);
    }
  });
  test('choices have at least two members', () => {
    for (const { path, node } of nodes) {
      if (kindOf(node) !== 'container') continue;
      const count = new Map<string, number>();
      for (const c of Object.values(properties(node))) {
        if (typeof c['x-choice'] === 'string') count.set(c['x-choice'], (count.get(c['x-choice']) ?? 0) + 1);
      }
      for (const [choice, n] of count) expect([path, choice, n >= 2]).toEqual([path, choice, true]);
    }
  });
  test('security pki is closed; the root, system, security and ike entries are open', () => {
    for (const { path, node } of nodes) {
      if (path.startsWith('security pki') && kindOf(node) === 'container')
        expect([path, node['x-open']]).toEqual([path, undefined]);
    }
    for (const p of [
      [],
      ['system'],
      ['security'],
      ['security', 'ike'],
      ['security', 'ike', 'policy', 'X'],
      ['security', 'ike', 'gateway', 'X'],
      ['security', 'ike', 'proposal', 'X'],
    ]) {
      expect([p.join(' '), schemaAt(root, p)?.node['x-open']]).toEqual([p.join(' '), true]);
    }
  });
  test('the ca-profile name rule and its Junos message', () => {
    const list = schemaAt(root, ['security', 'pki', 'ca-profile'])!.node;
    expect(nameSchema(list)).toMatchObject({ minLength: 1, maxLength: 32 });
    expect(list['x-key-message']).toBe("Must not contain '/', %, '.' or a space");
  });
});
