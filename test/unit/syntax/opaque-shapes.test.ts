/**
 * schemas/junos-shapes.json: set lines of unmodelled hierarchies nest as Junos
 * prints them; words the shapes file does not know fall back to the divergence
 * rule (opaque-list.ts insertOpaque).
 */
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { printJson } from '../../../src/syntax/print-json.js';
import { validateTree } from '../../../src/validate/validate.js';
import { toJsonReport } from '../../../src/diag/render-json.js';
import { insertOpaqueShaped } from '../../../src/syntax/opaque-list.js';
import { compileShapes, defaultShapes, segment, shapeAt } from '../../../src/syntax/opaque-shapes.js';
import type { OpaqueStatement } from '../../../src/tree/config-tree.js';

const curlyOf = (set: string): string => {
  const p = parseConfig(set, 'in.set');
  expect(p.diagnostics).toEqual([]);
  return printCurly(p.value.tree);
};

describe('junos-shapes.json', () => {
  test('interfaces, units, families and value lists nest as Junos prints them', () => {
    const set = [
      'set interfaces ge-0/0/0 unit 0 family inet dhcp',
      'set interfaces ae0 unit 0 family ethernet-switching vlan members USERS',
      'set interfaces ae0 unit 0 family ethernet-switching vlan members VOICE',
      'set interfaces interface-range ACCESS member-range ge-0/0/0 to ge-0/0/23',
      '',
    ].join('\n');
    expect(curlyOf(set)).toBe(
      [
        'interfaces {',
        '    ge-0/0/0 {',
        '        unit 0 {',
        '            family inet {',
        '                dhcp;',
        '            }',
        '        }',
        '    }',
        '    ae0 {',
        '        unit 0 {',
        '            family ethernet-switching {',
        '                vlan {',
        '                    members [ USERS VOICE ];',
        '                }',
        '            }',
        '        }',
        '    }',
        '    interface-range ACCESS {',
        '        member-range ge-0/0/0 to ge-0/0/23;',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('multi-word headers, oneliners, bare entries and secrets', () => {
    const set = [
      'set security policies from-zone trust to-zone untrust policy p match application any',
      'set security policies from-zone trust to-zone untrust policy p then permit',
      'set policy-options policy-statement EXP term A from protocol direct',
      'set policy-options policy-statement EXP term A then accept',
      'set policy-options policy-statement EXP term B then local-preference 200',
      'set policy-options policy-statement EXP term B then accept',
      'set routing-options static route 0.0.0.0/0 next-hop 192.0.2.1',
      'set snmp community ro clients 10.0.0.0/8',
      'set snmp community ro clients 0.0.0.0/0 restrict',
      'set system login user ops authentication encrypted-password "$6$abc"',
      '',
    ].join('\n');
    expect(curlyOf(set)).toBe(
      [
        'system {',
        '    login {',
        '        user ops {',
        '            authentication {',
        '                encrypted-password "$6$abc"; ## SECRET-DATA',
        '            }',
        '        }',
        '    }',
        '}',
        'security {',
        '    policies {',
        '        from-zone trust to-zone untrust {',
        '            policy p {',
        '                match {',
        '                    application any;',
        '                }',
        '                then {',
        '                    permit;',
        '                }',
        '            }',
        '        }',
        '    }',
        '}',
        'policy-options {',
        '    policy-statement EXP {',
        '        term A {',
        '            from protocol direct;',
        '            then accept;',
        '        }',
        '        term B {',
        '            then {',
        '                local-preference 200;',
        '                accept;',
        '            }',
        '        }',
        '    }',
        '}',
        'routing-options {',
        '    static {',
        '        route 0.0.0.0/0 next-hop 192.0.2.1;',
        '    }',
        '}',
        'snmp {',
        '    community ro {',
        '        clients {',
        '            10.0.0.0/8;',
        '            0.0.0.0/0 restrict;',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('groups hold the root shape, wildcard names included', () => {
    const set =
      'set groups JUMBO interfaces <ge-*> mtu 9192\nset groups JUMBO interfaces <ge-*> unit 0 family inet\n';
    expect(curlyOf(set)).toBe(
      [
        'groups {',
        '    JUMBO {',
        '        interfaces {',
        '            <ge-*> {',
        '                mtu 9192;',
        '                unit 0 {',
        '                    family inet;',
        '                }',
        '            }',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('a oneliner opens up for a second child and closes again when its set lines are read back', () => {
    const p = parseConfig(
      'set routing-options static route 10.0.0.0/8 next-hop 192.0.2.1\nset routing-options static route 10.0.0.0/8 retain\n',
      'in.set',
    );
    const curly = printCurly(p.value.tree);
    expect(curly).toContain(
      '        route 10.0.0.0/8 {\n            next-hop 192.0.2.1;\n            retain;\n        }\n',
    );
    expect(printCurly(parseConfig(printSet(p.value.tree), 'again.set').value.tree)).toBe(curly);
  });

  test('words the shapes file does not know keep the divergence rule', () => {
    // known prefix (protocols bgp group G), unknown tail (bfd-liveness-detection is known; frobnicate is not)
    const set = [
      'set protocols bgp group G frobnicate alpha one',
      'set protocols bgp group G frobnicate alpha two',
      'set protocols bgp group G frobnicate beta',
      '',
    ].join('\n');
    expect(curlyOf(set)).toContain(
      [
        '        group G {',
        '            frobnicate {',
        '                alpha {',
        '                    one;',
        '                    two;',
        '                }',
        '                beta;',
        '            }',
        '        }',
      ].join('\n'),
    );
  });

  test('without a shape the divergence rule applies (what the shapes file adds)', () => {
    const none = compileShapes({ defs: { root: {} } });
    const words = ['ge-0/0/0', 'unit', '0', 'family', 'inet', 'dhcp'];
    const bare: OpaqueStatement[] = [];
    insertOpaqueShaped(bare, words, shapeAt(['interfaces'], none));
    expect(bare).toEqual([{ words }]);
    const shaped: OpaqueStatement[] = [];
    insertOpaqueShaped(shaped, words, shapeAt(['interfaces']));
    expect(shaped).toEqual([
      {
        words: ['ge-0/0/0'],
        children: [
          {
            words: ['unit', '0'],
            children: [{ words: ['family', 'inet'], children: [{ words: ['dhcp'] }] }],
          },
        ],
      },
    ]);
  });

  test('segment: headers, terminals and the unknown tail', () => {
    const root = defaultShapes().root;
    const r = segment(root, [
      'security',
      'policies',
      'from-zone',
      'a',
      'to-zone',
      'b',
      'policy',
      'p',
      'then',
      'permit',
    ]);
    expect(r.segs.map((s) => s.words.join(' '))).toEqual([
      'security',
      'policies',
      'from-zone a to-zone b',
      'policy p',
      'then',
      'permit',
    ]);
    expect(r.tail).toEqual([]);
    expect(segment(root, ['nonsense', 'x']).tail).toEqual(['nonsense', 'x']);
    // the modelled `security ike gateway G` entry is found by its words
    expect(shapeAt(['security', 'ike', 'gateway', 'G'])?.keywords.has('dead-peer-detection')).toBe(true);
  });

  test('every $def the file names exists and every statement is well-formed', () => {
    const root = defaultShapes().root;
    // walking a few levels compiles the lazily compiled nodes (throws on a bad one)
    const seen = new Set<object>();
    const walk = (s: typeof root, depth: number): void => {
      if (depth > 6 || seen.has(s.keywords)) return;
      seen.add(s.keywords);
      for (const c of [...s.keywords.values(), ...(s.bare ? [s.bare] : [])])
        if (c.kind === 'block') walk(c.shape, depth + 1);
    };
    expect(() => walk(root, 0)).not.toThrow();
    expect(seen.size).toBeGreaterThan(100);
  });
});

describe('commands on unmodelled statements read from set lines', () => {
  test('deactivate / protect / annotate mark exactly the named statement, also through display set', () => {
    const p = parseConfig(
      [
        'set interfaces ge-0/0/0 description uplink',
        'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
        'set interfaces ge-0/0/0 unit 0 family inet6 address 2001:db8::1/64',
        'deactivate interfaces ge-0/0/0 unit 0',
        'protect interfaces ge-0/0/0 unit 0 family inet6',
        'annotate interfaces ge-0/0/0 "to core"',
        '',
      ].join('\n'),
      'in.set',
    );
    expect(p.diagnostics).toEqual([]);
    const curly = printCurly(p.value.tree);
    expect(curly).toBe(
      [
        'interfaces {',
        '    /* to core */',
        '    ge-0/0/0 {',
        '        description uplink;',
        '        inactive: unit 0 {',
        '            family inet {',
        '                address 192.0.2.1/24;',
        '            }',
        '            protect: family inet6 {',
        '                address 2001:db8::1/64;',
        '            }',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
    const set = printSet(p.value.tree);
    expect(set).toContain('deactivate interfaces ge-0/0/0 unit 0\n');
    expect(set).toContain('protect interfaces ge-0/0/0 unit 0 family inet6\n');
    // display set read back: the same statements marked (annotations are not in set lines)
    const again = parseConfig(set, 'again.set');
    expect(again.diagnostics).toEqual([]);
    expect(printCurly(again.value.tree)).toBe(curly.replace('    /* to core */\n', ''));
    // activate clears the mark on that statement only
    const act = parseConfig(set + 'activate interfaces ge-0/0/0 unit 0\n', 'act.set');
    expect(printCurly(act.value.tree)).toContain('        unit 0 {\n');
    expect(printCurly(act.value.tree)).toContain('            protect: family inet6 {\n');
  });

  test('a oneliner (then reject;) is marked as one statement; display set names its block', () => {
    const p = parseConfig(
      'set policy-options policy-statement P term T then reject\ndeactivate policy-options policy-statement P term T then\n',
      'in.set',
    );
    expect(p.diagnostics).toEqual([]);
    expect(printCurly(p.value.tree)).toContain('            inactive: then reject;\n');
    const set = printSet(p.value.tree);
    expect(set).toBe(
      'set policy-options policy-statement P term T then reject\ndeactivate policy-options policy-statement P term T then\n',
    );
    expect(printCurly(parseConfig(set, 'again.set').value.tree)).toBe(printCurly(p.value.tree));
  });

  test('without a shape, a command naming a prefix of a block header splits it (was: statement not found)', () => {
    const p = parseConfig('set vendor-x a b c 1\nset vendor-x a b c 2\ndeactivate vendor-x a\n', 'in.set');
    expect(p.diagnostics).toEqual([]);
    expect(printCurly(p.value.tree)).toBe(
      'inactive: vendor-x a {\n    b c {\n        1;\n        2;\n    }\n}\n',
    );
    const set = printSet(p.value.tree);
    expect(set).toBe('set vendor-x a b c 1\nset vendor-x a b c 2\ndeactivate vendor-x a\n');
    expect(printSet(parseConfig(set, 'again.set').value.tree)).toBe(set);
  });
});

describe('secrets of unmodelled hierarchies read from set lines or JSON print with ## SECRET-DATA', () => {
  const lines = [
    'set system login user u authentication encrypted-password "$6$salt$hash"',
    'set system login user u authentication ssh-ed25519 "ssh-ed25519 AAAAC3Nz u@h"',
    'set protocols bgp group G neighbor 192.0.2.1 authentication-key "$9$abc"',
    'set snmp v3 usm local-engine user nms authentication-sha authentication-key "$9$def"',
    'set access radius-server 192.0.2.9 secret "$9$ghi"',
    'set vendor-x thing secret-ish "$9$jkl"',
    'set snmp community public authorization read-only',
    '',
  ].join('\n');
  const expected = [
    'encrypted-password "$6$salt$hash"; ## SECRET-DATA',
    'ssh-ed25519 "ssh-ed25519 AAAAC3Nz u@h"; ## SECRET-DATA',
    'authentication-key "$9$abc"; ## SECRET-DATA',
    'authentication-key "$9$def"; ## SECRET-DATA',
    'secret "$9$ghi"; ## SECRET-DATA',
    'secret-ish "$9$jkl"; ## SECRET-DATA',
  ];

  test('from set lines', () => {
    const curly = curlyOf(lines);
    for (const e of expected) expect(curly).toContain(e);
    expect(curly).toContain('authorization read-only;\n');
    expect(curly).not.toContain('read-only; ## SECRET-DATA');
  });

  test('through display set and JSON', () => {
    const p = parseConfig(lines, 'in.set');
    for (const [fmt, print] of [
      ['set', printSet],
      ['json', printJson],
    ] as const) {
      const again = parseConfig(print(p.value.tree), `again.${fmt}`);
      expect(again.diagnostics).toEqual([]);
      const curly = printCurly(again.value.tree);
      for (const e of expected) expect(curly).toContain(e);
    }
  });
});

describe('protected unmodelled statements (junos-cli.md §2.9)', () => {
  const base = [
    'set system services ssh',
    'set system services netconf ssh',
    'set interfaces ge-0/0/0 mtu 1500',
    'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
    'set interfaces ge-0/0/1 mtu 1500',
    'protect interfaces ge-0/0/0 unit 0',
    'protect system services ssh',
  ];
  const run = (more: string[]): ReturnType<typeof parseConfig> =>
    parseConfig([...base, ...more, ''].join('\n'), 'in.set');

  test('deleting a parent keeps protected statements, one warning each naming the statement', () => {
    const r = run(['delete interfaces', 'delete system']);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "warning: [interfaces ge-0/0/0 unit 0] is protected, 'interfaces ge-0/0/0 unit 0' cannot be deleted",
      "warning: [system services ssh] is protected, 'system services ssh' cannot be deleted",
    ]);
    expect(printSet(r.value.tree)).toBe(
      [
        'set system services ssh',
        'protect system services ssh',
        'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
        'protect interfaces ge-0/0/0 unit 0',
        '',
      ].join('\n'),
    );
  });

  test('deleting, deactivating or setting below a protected statement is refused with its path', () => {
    const r = run([
      'delete interfaces ge-0/0/0 unit 0 family inet',
      'deactivate interfaces ge-0/0/0 unit 0 family inet',
      'set interfaces ge-0/0/0 unit 0 description x',
      'delete interfaces ge-0/0/0 unit 0',
    ]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "warning: [interfaces ge-0/0/0 unit 0] is protected, 'interfaces ge-0/0/0 unit 0 family inet' cannot be deleted",
      "warning: [interfaces ge-0/0/0 unit 0] is protected, 'interfaces ge-0/0/0 unit 0 family inet' cannot be modified",
      "warning: [interfaces ge-0/0/0 unit 0] is protected, 'interfaces ge-0/0/0 unit 0 description x' cannot be modified",
      "warning: [interfaces ge-0/0/0 unit 0] is protected, 'interfaces ge-0/0/0 unit 0' cannot be deleted",
    ]);
    expect(printSet(r.value.tree)).toBe(printSet(run([]).value.tree));
  });
});

describe('unmodelled statements read from JSON have their own span', () => {
  test('validate --strict points at the member, nested or top-level', () => {
    const text = [
      '{',
      '  "configuration": {',
      '    "system": {',
      '      "host-name": "r1",',
      '      "services": {',
      '        "ssh": [null]',
      '      }',
      '    },',
      '    "interfaces": {',
      '      "interface": [{ "name": "ge-0/0/0", "mtu": 1500 }]',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const p = parseConfig(text, 'a.json');
    expect(p.diagnostics).toEqual([]);
    const ds = validateTree(p.value.tree, p.value.spans, { strict: true });
    const report = toJsonReport(ds, new Map([['a.json', text]])).diagnostics;
    expect(report.map((d) => [d.code, d.statement ?? '', d.line, d.column])).toEqual([
      ['UNMODELLED_STATEMENT', 'services', 5, 7],
      ['UNMODELLED_STATEMENT', 'interfaces', 9, 5],
    ]);
    // and the statements inside: the entry is named by its member
    expect(p.value.spans.get(['interfaces', 'interface', 'ge-0/0/0'])?.statement.start).toBe(
      text.indexOf('{ "name": "ge-0/0/0"'),
    );
  });
});

describe('large unmodelled blocks (indexed lookups)', () => {
  test('thousands of siblings nest, merge values and open oneliners as a few do', () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      lines.push(`set routing-options static route 10.0.${i}.0/24 next-hop 192.0.2.1`);
      lines.push(`set interfaces ge-0/0/${i} unit 0 family ethernet-switching vlan members V${i}`);
    }
    for (let i = 0; i < 300; i += 7) {
      lines.push(`set routing-options static route 10.0.${i}.0/24 retain`);
      lines.push(`set interfaces ge-0/0/${i} unit 0 family ethernet-switching vlan members W`);
      lines.push(`set routing-options static route 10.0.${i}.0/24 next-hop 192.0.2.1`);
    }
    const p = parseConfig(lines.join('\n') + '\n', 'big.set');
    expect(p.diagnostics).toEqual([]);
    const curly = printCurly(p.value.tree);
    expect(curly).toContain('        route 10.0.1.0/24 next-hop 192.0.2.1;\n');
    expect(curly).toContain(
      '        route 10.0.7.0/24 {\n            next-hop 192.0.2.1;\n            retain;\n        }\n',
    );
    expect(curly).toContain('members [ V14 W ];');
    expect(curly).toContain('members V15;');
    expect(curly.match(/route 10\.0\.7\.0\/24/g)).toHaveLength(1);
    expect(curly.match(/ge-0\/0\/14 \{/g)).toHaveLength(1);
    const set = printSet(p.value.tree);
    expect(printCurly(parseConfig(set, 'again.set').value.tree)).toBe(curly);
  });
});

describe('leaf-list values have their own span', () => {
  const cases: [string, string, string][] = [
    [
      'a.set',
      'set security pki ca-profile A ca-identity A\nset security pki trusted-ca-group G ca-profiles [ A NOPE ]\n',
      '2:53',
    ],
    [
      'b.conf',
      'security {\n    pki {\n        ca-profile A {\n            ca-identity A;\n        }\n        trusted-ca-group G {\n            ca-profiles [ A NOPE ];\n        }\n    }\n}\n',
      '7:29',
    ],
    [
      'c.json',
      '{"configuration":{"security":{"pki":{"ca-profile":[{"name":"A","ca-identity":"A"}],\n"trusted-ca-group":[{"name":"G","ca-profiles":["A","NOPE"]}]}}}}\n',
      '2:52',
    ],
  ];
  test.each(cases)('%s: a dangling reference points at the value, not the list', (name, text, at) => {
    const p = parseConfig(text, name);
    expect(p.diagnostics).toEqual([]);
    const ds = validateTree(p.value.tree, p.value.spans);
    const r = toJsonReport(ds, new Map([[name, text]])).diagnostics;
    expect(r.map((d) => `${d.line}:${d.column}`)).toEqual([at]);
  });
});
