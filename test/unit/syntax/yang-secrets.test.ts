/**
 * The secrets of hierarchies pkicfg does not model come from one table
 * (schemas/junos-secrets.json, src/syntax/secret-words.ts); the YANG facts
 * must feed it: every leaf the generated junos-es schema marks secret
 * (jt:unreadable) outside security pki, at every place the schema puts it
 * (groupings expanded; routing-instances and dynamic-profiles repeat the
 * same groupings and are left out), is a secret word of that table. Left
 * out as the table's own comment says: the map-e prefixes of softwires (typed
 * unreadable, not secrets) and `encrypted-password` (a crypt(3) hash, which
 * is kept as `## SECRET-DATA` by its value).
 */
import { yangChildren, yangSchema, type YangRef } from '../../../src/reftree/yang-schema.js';
import { secretWordIndices } from '../../../src/syntax/secret-words.js';

const SKIP_TOPS = new Set(['routing-instances', 'dynamic-profiles']);

/** Each secret leaf as the words of a statement setting it, in the spellings the CLI allows for list keys. */
function secretStatements(): string[][][] {
  const schema = yangSchema()!;
  const out: string[][][] = [];
  const rec = (ref: YangRef, forms: string[][], depth: number, seen: Set<object>): void => {
    if (depth > 16) return;
    for (const [name, n] of yangChildren(ref)) {
      if (seen.has(n)) continue;
      const child = { name, node: n, file: ref.file };
      if (n.k === 'l') {
        if (n.ck) continue;
        const keys = n.key ?? [];
        const rest = keys.slice(1).flatMap((k, i) => [n.kw?.[i + 1] ?? k, 'K']);
        // the first key bare, or after its keyword (`virtual-link neighbor-id X transit-area Y`)
        const next = forms.flatMap((f) => [
          [...f, ...(n.nk ? [] : [name]), 'K', ...rest],
          ...(n.nk ? [] : [[...f, name, keys[0], 'K', ...rest]]),
        ]);
        seen.add(n);
        rec(child, next, depth + 1, seen);
        seen.delete(n);
      } else if (n.k === 'c') {
        seen.add(n);
        rec(
          child,
          forms.map((f) => [...f, name]),
          depth + 1,
          seen,
        );
        seen.delete(n);
      } else if (n.sec && n.k === 'v' && name !== 'encrypted-password') {
        out.push(forms.map((f) => (n.nk ? [...f, 'SECRET'] : [...f, name, 'SECRET'])));
      }
    }
  };
  for (const top of schema.topKeywords()) {
    const t = schema.top(top);
    if (SKIP_TOPS.has(top) || !t || t === 'unchecked' || t.node.k !== 'c') continue;
    rec(t, [[top]], 1, new Set());
  }
  return out
    .filter((forms) => !(forms[0][0] === 'security' && forms[0][1] === 'pki'))
    .filter((forms) => !forms[0].includes('softwires'));
}

test('every YANG secret leaf is a secret word of the secrets table', () => {
  const all = secretStatements();
  // bgp, ospf, isis, rip, vrrp, radius, tacplus, snmp, ike ...: the schema has over a hundred
  expect(all.length).toBeGreaterThan(100);
  const unknown = all
    .filter((forms) => !forms.some((w) => secretWordIndices(w).includes(w.length - 1)))
    .map((forms) => forms[0].join(' '));
  expect(unknown).toEqual([]);
});
