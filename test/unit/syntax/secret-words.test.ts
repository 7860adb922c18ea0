// Which words are secrets (secret-words.ts), and how the builder stores them
// (seal-secrets.ts, builder setLeaf): $9$ everywhere, the same $9$ for the same
// value at the same path, the plain text checked against the leaf's pattern.
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printJson } from '../../../src/syntax/print-json.js';
import { decrypt9 } from '../../../src/syntax/secret.js';
import { secretSpans, secretWordIndices } from '../../../src/syntax/secret-words.js';
import { LineIndex } from '../../../src/diag/line-index.js';

const w = (s: string): string[] => s.split(' ');

describe('secretWordIndices', () => {
  test.each([
    // modelled: several leaves on one line, the secret among them
    [
      'security pki auto-re-enrollment scep certificate-id C ca-profile-name P challenge-password S re-enroll-trigger-time-percentage 10',
      [9],
    ],
    ['security pki ca-profile P ca-identity P', []],
    // unmodelled, from the YANG table and the Junos facts
    ['protocols bgp group G authentication-key K', [5]],
    ['protocols bgp group G neighbor 192.0.2.1 authentication-key K', [7]],
    ['system radius-server 192.0.2.9 secret K', [4]],
    ['system ntp authentication-key 1 type md5 value K', [7]],
    ['snmp v3 usm local-engine user U authentication-sha authentication-password K', [8]],
    ['security ike policy P pre-shared-key ascii-text K', [6]],
    // the same paths under groups and routing instances
    ['groups G protocols bgp group G authentication-key K', [7]],
    ['routing-instances R protocols bgp group G authentication-key K', [7]],
    ['groups G security pki auto-re-enrollment scep certificate-id C challenge-password K', [9]],
    // not secrets
    ['protocols bgp group G neighbor 192.0.2.1 peer-as 65001', []],
    ['interfaces ge-0/0/0 description secret', []],
  ])('%s', (line, expected) => {
    expect(secretWordIndices(w(line))).toEqual(expected);
  });
});

test('secretSpans finds secret values in curly text by the enclosing blocks, and in set lines', () => {
  const curly =
    'protocols {\n  bgp {\n    group G {\n      authentication-key "K1 x";\n      peer-as 1;\n    }\n  }\n}\n';
  const set = 'set protocols bgp group G authentication-key K2\nset protocols bgp group G peer-as 1\n';
  expect(secretSpans(curly).map((r) => curly.slice(r.start, r.end))).toEqual(['"K1 x"']);
  expect(secretSpans(set).map((r) => set.slice(r.start, r.end))).toEqual(['K2']);
});

describe('secrets of every hierarchy are stored as $9$', () => {
  const inputs: Record<string, string> = {
    set: 'set protocols bgp group G authentication-key B4dKey\n',
    curly: 'protocols { bgp { group G { authentication-key "B4dKey"; } } }\n',
    json: '{"configuration":{"protocols":{"bgp":{"group":[{"name":"G","authentication-key":"B4dKey"}]}}}}\n',
  };
  test.each(Object.keys(inputs))('from %s', (fmt) => {
    const r = parseConfig(inputs[fmt], `x.${fmt}`);
    expect(r.diagnostics).toEqual([]);
    const set = printSet(r.value.tree);
    const curly = printCurly(r.value.tree);
    for (const out of [set, curly, printJson(r.value.tree)]) expect(out).not.toContain('B4dKey');
    const m = /authentication-key "(\$9\$[^"]+)"/.exec(set);
    expect(m && decrypt9(m[1])).toBe('B4dKey');
    expect(curly).toMatch(/authentication-key "\$9\$[^"]+"; ## SECRET-DATA/);
  });
});

test('converting a plain-text secret twice gives the same $9$ (derived from path and value)', () => {
  const text =
    'set security ike policy P pre-shared-key ascii-text "psk1"\nset protocols bgp group G authentication-key k\n';
  const a = printSet(parseConfig(text, 'a.set').value.tree);
  const b = printSet(parseConfig(text, 'a.set').value.tree);
  expect(a).toBe(b);
  const m = /ascii-text "(\$9\$[^"]+)"/.exec(a);
  expect(m && decrypt9(m[1])).toBe('psk1');
  // another path, another $9$ for the same value
  const other = printSet(parseConfig(text.replace('policy P', 'policy Q'), 'a.set').value.tree);
  expect(/ascii-text "(\$9\$[^"]+)"/.exec(other)![1]).not.toBe(m![1]);
});

describe('the pattern of a secret leaf is checked on its plain text', () => {
  test.each([
    ['set security ike policy P pre-shared-key hexadecimal NOTHEX\n', 1, 54],
    ['security { ike { policy P {\n  pre-shared-key hexadecimal NOTHEX;\n} } }\n', 2, 30],
    // a $9$ whose plain text is not hexadecimal
    ['set security ike policy P pre-shared-key hexadecimal "$9$2GgZjHkPQ39.PhrvLVb.P5Tz6"\n', 1, 54],
  ])('%j', (text, line, col) => {
    const r = parseConfig(text, 'f.conf');
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['INVALID_VALUE', 'Must be hexadecimal digits (0-9, a-f, A-F)'],
    ]);
    expect(new LineIndex(text).lineCol(r.diagnostics[0].span!.start)).toEqual({ line, col });
  });
  test('hexadecimal digits are accepted and stored as $9$', () => {
    const r = parseConfig('set security ike policy P pre-shared-key hexadecimal 0a1B\n', 'f.set');
    expect(r.diagnostics).toEqual([]);
    expect(printSet(r.value.tree)).toMatch(/hexadecimal "\$9\$/);
  });
});
