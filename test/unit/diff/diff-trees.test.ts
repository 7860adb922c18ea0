import { applyChanges } from '../../../src/diff/apply-changes.js';
import { diffTrees } from '../../../src/diff/diff-trees.js';
import { renderCompare } from '../../../src/diff/render-compare.js';
import { valuesEqual } from '../../../src/diff/tree-equal.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

const A: ConfigTree = {
  security: {
    pki: {
      'ca-profile': {
        '@order': ['ROOT', 'SUB'],
        ROOT: { 'ca-identity': 'ROOT-CA', enrollment: { url: 'http://ca.example.com/scep' } },
        SUB: { 'ca-identity': 'SUB-CA' },
      },
    },
  },
};

const B: ConfigTree = {
  security: {
    pki: {
      'ca-profile': {
        '@order': ['ROOT', 'SUB', 'NEW'],
        ROOT: {
          'ca-identity': 'ROOT-CA2',
          enrollment: { url: 'http://ca.example.com/scep' },
          'revocation-check': { 'use-crl': true },
        },
        SUB: { '@': { inactive: true }, 'ca-identity': 'SUB-CA' },
        NEW: { 'ca-identity': 'NEW', enrollment: { 'challenge-password': '$9$abc' } },
      },
    },
  },
};

describe('diffTrees', () => {
  test('equal trees give no changes', () => {
    expect(diffTrees(A, A)).toEqual([]);
    expect(diffTrees(A, JSON.parse(JSON.stringify(A)) as ConfigTree)).toEqual([]);
  });

  test('changes are values in configuration order', () => {
    const ch = diffTrees(A, B);
    expect(ch.map((c) => `${c.op} ${c.path.join(' ')}`)).toEqual([
      'modify security pki ca-profile ROOT ca-identity',
      'add security pki ca-profile ROOT revocation-check',
      'meta security pki ca-profile SUB',
      'add security pki ca-profile NEW',
    ]);
  });

  test('apply(a, diff(a, b)) equals b, both ways', () => {
    expect(valuesEqual(applyChanges(A, diffTrees(A, B)), B)).toBe(true);
    expect(valuesEqual(applyChanges(B, diffTrees(B, A)), A)).toBe(true);
  });

  test('shared subtrees are skipped', () => {
    const sub = A.security;
    const a2 = { other: { x: '1' }, security: sub };
    const b2 = { other: { x: '2' }, security: sub };
    expect(diffTrees(a2, b2)).toHaveLength(1);
  });
});

describe('renderCompare', () => {
  test('Junos show | compare text', () => {
    expect(renderCompare(A, B)).toBe(
      [
        '[edit security pki ca-profile ROOT]',
        '-     ca-identity ROOT-CA;',
        '+     ca-identity ROOT-CA2;',
        '+     revocation-check {',
        '+         use-crl;',
        '+     }',
        '[edit security pki]',
        '!    inactive: ca-profile SUB { ... }',
        '+    ca-profile NEW {',
        '+        ca-identity NEW;',
        '+        enrollment {',
        '+            challenge-password "$9$abc"; ## SECRET-DATA',
        '+        }',
        '+    }',
        '',
      ].join('\n'),
    );
  });
  test('no difference, no output', () => {
    expect(renderCompare(A, A)).toBe('');
  });
  test('new top-level hierarchy under [edit]', () => {
    expect(renderCompare({}, { security: { pki: {} } })).toBe('[edit]\n+  security {\n+      pki;\n+  }\n');
  });
  test('removed entry prints the whole subtree', () => {
    expect(renderCompare(B, A)).toContain('-    ca-profile NEW {\n-        ca-identity NEW;');
  });
  test('path filter', () => {
    expect(renderCompare(A, B, { path: ['security', 'pki', 'ca-profile', 'ROOT'] })).not.toContain('NEW');
  });
});
