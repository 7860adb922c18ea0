import { buildReftree, scopeOf, suggest } from '../../../src/reftree/reftree.js';
import { MINI_SCHEMA } from './mini-schema.js';

describe('reftree', () => {
  const rt = buildReftree(MINI_SCHEMA);

  test('kinds, list entries, order and help come from the schema', () => {
    const cp = rt.nodeAt(['security', 'pki', 'ca-profile'])!;
    expect(cp.kind).toBe('list');
    expect(cp.keyName).toBe('ca-profile-name');
    const entry = rt.nodeAt(['security', 'pki', 'ca-profile', 'X'])!;
    expect(entry.kind).toBe('container');
    expect(entry.order.slice(0, 3)).toEqual(['ca-identity', 'source-address', 'enrollment']);
    expect(rt.nodeAt(['security', 'pki', 'ca-profile', 'X', 'enrollment', 'url'])!.help).toMatch(
      /Enrollment URL/,
    );
    expect(rt.nodeAt(['security', 'pki', 'ca-profile', 'X', 'enrollment', 'retry'])!.valueType).toBe(
      'integer',
    );
    expect(rt.nodeAt(['security', 'pki', 'nope'])).toBeUndefined();
  });

  test('$ref, secrets, choices, nokeyword, oneliner, open', () => {
    const e = rt.nodeAt(['security', 'pki', 'auto-re-enrollment', 'scep', 'certificate-id', 'c'])!;
    expect(e.children.get('challenge-password')!.secret).toBe(true);
    expect(e.children.get('re-enroll-time')!.children.get('days')!.choice).toBe('re-enroll-time');
    expect(rt.nodeAt(['security', 'pki', 'trap', 'certificate-id', 'c'])!.nokeywordChild).toBe('days');
    expect(
      rt.nodeAt(['security', 'pki', 'ca-profile', 'c', 'revocation-check', 'crl', 'disable'])!.oneliner,
    ).toBe(true);
    expect(rt.root.open).toBe(true);
    expect(rt.nodeAt(['security', 'pki', 'auto-re-enrollment', 'certificate-id'])!.deprecated).toBe(true);
    expect(rt.secretPaths.length).toBeGreaterThan(0);
  });

  test('groups: a list of named groups, each holding the top-level statements again', () => {
    expect(rt.groups.kind).toBe('list');
    expect(rt.groups.keyName).toBe('group-name');
    const g = scopeOf(rt.groups);
    expect(g.kind).toBe('container');
    expect(g.children).toBe(rt.root.children);
    expect(g.order).toEqual(rt.root.order);
    expect(g.open).toBe(rt.root.open);
    // the parsers keep `groups` verbatim (printed as written): it is no child of the root
    expect(rt.root.children.has('groups')).toBe(false);
  });

  test('did you mean', () => {
    expect(suggest('ca-identiti', ['ca-identity', 'enrollment'])).toBe('ca-identity');
    expect(suggest('zzz', ['ca-identity'])).toBeUndefined();
  });
});
