import { EMPTY_TREE, type ConfigTree } from '../../../src/tree/config-tree.js';
import { SpanMap } from '../../../src/tree/span-map.js';
import { getAt, getMeta, listNames } from '../../../src/tree/tree-ops.js';
import { applyCommands, type EditState } from '../../../src/syntax/apply-commands.js';
import { parseCommands } from '../../../src/syntax/parse-commands.js';
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { printCurly } from '../../../src/syntax/print-curly.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { decrypt9 } from '../../../src/syntax/secret.js';
import { MINI } from '../reftree/mini-schema.js';

const START: EditState = { tree: EMPTY_TREE, spans: new SpanMap(), editPath: [] };

function run(text: string, from: EditState = START) {
  const cmds = parseCommands(text, 'in');
  const r = applyCommands(from, cmds.value, { reftree: MINI });
  return { ...r.value, diagnostics: [...cmds.diagnostics, ...r.diagnostics] };
}
const set = (t: ConfigTree) => printSet(t, { reftree: MINI });
const CP = ['security', 'pki', 'ca-profile'];

describe('applyCommands: set', () => {
  test('several leaves of one container in one line; integers become numbers; secrets become $9$', () => {
    const r = run(
      'set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name ca-profile-ipsec challenge-password X re-enroll-trigger-time-percentage 10 re-generate-keypair',
    );
    expect(r.diagnostics).toEqual([]);
    const e = getAt(r.tree, [
      'security',
      'pki',
      'auto-re-enrollment',
      'scep',
      'certificate-id',
      'ca-ipsec',
    ]) as Record<string, unknown>;
    expect(e['ca-profile-name']).toBe('ca-profile-ipsec');
    expect(e['re-enroll-trigger-time-percentage']).toBe(10);
    expect(e['re-generate-keypair']).toBe(true);
    expect(String(e['challenge-password'])).toMatch(/^\$9\$/);
    expect(decrypt9(String(e['challenge-password']))).toBe('X');
    expect(set(r.tree)).not.toMatch(/challenge-password X/);
  });

  test('leaf overwrite, leaf-list add without duplicates, choice members replace each other', () => {
    const r = run(`set security pki ca-profile A ca-identity one
set security pki ca-profile A ca-identity two
set security pki trusted-ca-group G ca-profiles [ a b ]
set security pki trusted-ca-group G ca-profiles b
set security pki trusted-ca-group G ca-profiles c
set security pki ca-profile A revocation-check use-crl
set security pki ca-profile A revocation-check use-ocsp`);
    expect(getAt(r.tree, [...CP, 'A', 'ca-identity'])).toBe('two');
    expect(getAt(r.tree, ['security', 'pki', 'trusted-ca-group', 'G', 'ca-profiles'])).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(getAt(r.tree, [...CP, 'A', 'revocation-check'])).toEqual({ 'use-ocsp': true });
  });

  test('invalid integers stay strings (ajv reports them); keywords are context-sensitive', () => {
    const r = run(
      'set security pki ca-profile enrollment enrollment retry abc\nset security pki ca-profile set ca-identity delete',
    );
    expect(r.diagnostics).toEqual([]);
    expect(getAt(r.tree, [...CP, 'enrollment', 'enrollment', 'retry'])).toBe('abc');
    expect(getAt(r.tree, [...CP, 'set', 'ca-identity'])).toBe('delete');
  });

  test('unknown keyword: error at the word with did-you-mean; valid prefix kept', () => {
    const r = run('set security pki ca-profile A ca-identiti x');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_STATEMENT', span: { start: 30, end: 41 } });
    expect(r.diagnostics[0].message).toMatch(/did you mean 'ca-identity'/);
    expect(getAt(r.tree, [...CP, 'A'])).toEqual({});
  });

  test('missing value', () => {
    const r = run('set security pki ca-profile A enrollment url');
    expect(r.diagnostics[0]).toMatchObject({ code: 'MISSING_VALUE' });
    expect(r.diagnostics[0].message).toMatch(/<url>/);
  });

  test('unmodelled hierarchies go to @opaque verbatim', () => {
    const r = run('set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24\nset system host-name r1');
    expect(r.diagnostics).toEqual([]);
    // source order is kept: the interfaces line came first
    expect(set(r.tree)).toBe(
      'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24\nset system host-name r1\n',
    );
  });

  test('set lines of an unmodelled hierarchy nest as Junos prints them (schemas/junos-shapes.json)', () => {
    const r = run(
      [
        'set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
        'set interfaces ge-0/0/0 unit 0 description up',
        'set interfaces ge-0/0/0 mtu 9000',
        'set interfaces ge-0/0/1 disable',
      ].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    expect(printCurly(r.tree, { reftree: MINI })).toBe(
      [
        'interfaces {',
        '    ge-0/0/0 {',
        '        unit 0 {',
        '            family inet {',
        '                address 192.0.2.1/24;',
        '            }',
        '            description up;',
        '        }',
        '        mtu 9000;',
        '    }',
        '    ge-0/0/1 {',
        '        disable;',
        '    }',
        '}',
        '',
      ].join('\n'),
    );
  });

  test('set lines of a hierarchy unknown to the shapes file nest at the divergence', () => {
    const r = run(
      [
        'set vendor-x ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
        'set vendor-x ge-0/0/0 unit 0 description up',
        'set vendor-x ge-0/0/0 mtu 9000',
        'set vendor-x ge-0/0/1 disable',
      ].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    expect(printCurly(r.tree, { reftree: MINI })).toBe(
      [
        'vendor-x {',
        '    ge-0/0/0 {',
        '        unit 0 {',
        '            family inet address 192.0.2.1/24;',
        '            description up;',
        '        }',
        '        mtu 9000;',
        '    }',
        '    ge-0/0/1 disable;',
        '}',
        '',
      ].join('\n'),
    );
    // the set lines are unchanged, and stay stable through curly
    const lines = set(r.tree);
    expect(lines).toBe(
      [
        'set vendor-x ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
        'set vendor-x ge-0/0/0 unit 0 description up',
        'set vendor-x ge-0/0/0 mtu 9000',
        'set vendor-x ge-0/0/1 disable',
        '',
      ].join('\n'),
    );
    // delete and deactivate still find statements below a split
    const d = run('delete vendor-x ge-0/0/0 unit 0 description up\ndeactivate vendor-x ge-0/0/0 mtu 9000', r);
    expect(d.diagnostics).toEqual([]);
    expect(set(d.tree)).toBe(
      [
        'set vendor-x ge-0/0/0 unit 0 family inet address 192.0.2.1/24',
        'set vendor-x ge-0/0/0 mtu 9000',
        'deactivate vendor-x ge-0/0/0 mtu 9000',
        'set vendor-x ge-0/0/1 disable',
        '',
      ].join('\n'),
    );
  });

  test('a line implied by a longer one adds nothing; a leaf extended by a line becomes a block', () => {
    const r = run(
      'set interfaces ge-0/0/0 mtu 9000\nset interfaces ge-0/0/0 mtu\nset interfaces lo0 disable',
    );
    const r2 = run('set interfaces lo0 disable\nset interfaces lo0 disable x', r);
    expect(set(r2.tree)).toBe('set interfaces ge-0/0/0 mtu 9000\nset interfaces lo0 disable x\n');
    // the same without shapes (divergence rule)
    const u = run('set vendor-x a b 1\nset vendor-x a b\nset vendor-x c\nset vendor-x c x');
    expect(set(u.tree)).toBe('set vendor-x a b 1\nset vendor-x c x\n');
  });

  test('a set line adds its value to a curly value list of an unmodelled hierarchy', () => {
    const p = parseConfig('interfaces {\n    ae0 {\n        members [ a "b c" ];\n    }\n}\n', 'in', {
      reftree: MINI,
    });
    const r = run('set interfaces ae0 members d\nset interfaces ae0 members a', {
      tree: p.value.tree,
      spans: p.value.spans,
      editPath: [],
    });
    expect(r.diagnostics).toEqual([]);
    expect(printCurly(r.tree, { reftree: MINI })).toBe(
      'interfaces {\n    ae0 {\n        members [ a "b c" d ];\n    }\n}\n',
    );
    expect(set(r.tree)).toBe(
      'set interfaces ae0 members a\nset interfaces ae0 members "b c"\nset interfaces ae0 members d\n',
    );
  });

  test('a near-miss of a known keyword in an open container is a warning', () => {
    const r = run('set securty pki');
    expect(r.diagnostics[0]).toMatchObject({ code: 'SUSPICIOUS_STATEMENT', severity: 'warning' });
  });
});

describe('applyCommands: other verbs', () => {
  const base = run(`set security pki ca-profile A ca-identity a
set security pki ca-profile B ca-identity b
set security pki ca-profile C ca-identity c
set security pki trusted-ca-group G ca-profiles [ a b c ]`);

  test('delete leaf, leaf-list value, subtree; statement not found', () => {
    const r = run(
      `delete security pki ca-profile A ca-identity
delete security pki trusted-ca-group G ca-profiles b
delete security pki ca-profile C
delete security pki ca-profile NOPE`,
      base,
    );
    expect(getAt(r.tree, [...CP, 'A'])).toEqual({});
    expect(getAt(r.tree, ['security', 'pki', 'trusted-ca-group', 'G', 'ca-profiles'])).toEqual(['a', 'c']);
    expect(listNames(getAt(r.tree, CP) as never)).toEqual(['A', 'B']);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['STATEMENT_NOT_FOUND', 'warning', 'warning: statement not found'],
    ]);
  });

  test('deactivate / activate / annotate; display set puts deactivate after the subtree', () => {
    const r = run(
      'deactivate security pki ca-profile B\nannotate security pki ca-profile A "issuing CA"\nannotate security pki ca-profile C "/* x */"',
      base,
    );
    expect(getMeta(r.tree, [...CP, 'B'])).toEqual({ inactive: true });
    expect(getMeta(r.tree, [...CP, 'A'])).toEqual({ annotation: '/* issuing CA */' });
    expect(getMeta(r.tree, [...CP, 'C'])).toEqual({ annotation: '/* x */' });
    expect(set(r.tree)).toContain(
      'set security pki ca-profile B ca-identity b\ndeactivate security pki ca-profile B\nset security pki ca-profile C',
    );
    const r2 = run('activate security pki ca-profile B\nannotate security pki ca-profile A ""', r);
    expect(getMeta(r2.tree, [...CP, 'B'])).toBeUndefined();
    expect(getMeta(r2.tree, [...CP, 'A'])).toBeUndefined();
  });

  test('rename / copy / insert keep positions', () => {
    const r = run(
      `rename security pki ca-profile A to ca-profile Z
copy security pki ca-profile B to ca-profile B2
insert security pki ca-profile C before ca-profile Z
insert security pki trusted-ca-group G ca-profiles c before ca-profiles a
rename security pki ca-profile B to ca-profile C`,
      base,
    );
    expect(listNames(getAt(r.tree, CP) as never)).toEqual(['C', 'Z', 'B', 'B2']);
    expect(getAt(r.tree, [...CP, 'B2', 'ca-identity'])).toBe('b');
    expect(getAt(r.tree, ['security', 'pki', 'trusted-ca-group', 'G', 'ca-profiles'])).toEqual([
      'c',
      'a',
      'b',
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['TARGET_EXISTS']);
  });

  test('protect: delete keeps protected children with one warning each; set on protected is refused', () => {
    const r = run(
      `protect security pki ca-profile B
delete security pki ca-profile
set security pki ca-profile B ca-identity changed`,
      base,
    );
    expect(listNames(getAt(r.tree, CP) as never)).toEqual(['B']);
    expect(getAt(r.tree, [...CP, 'B', 'ca-identity'])).toBe('b');
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'PROTECTED_NODE',
        // junos-cli.md §2.9: each kept node names itself ('interfaces em0' ... 'interfaces em0')
        "warning: [security pki ca-profile B] is protected, 'security pki ca-profile B' cannot be deleted",
      ],
      [
        'PROTECTED_NODE',
        "warning: [security pki ca-profile B] is protected, 'security pki ca-profile B' cannot be modified",
      ],
    ]);
    expect(set(r.tree)).toContain('protect security pki ca-profile B');
  });

  test('edit / up [n] / top with relative statements', () => {
    const r = run(`edit security pki ca-profile A
set enrollment url http://x
up
set ca-profile B ca-identity bb
edit ca-profile C
up 2
set pki ca-profile D
top
set system host-name h
edit security
top set system domain-name d`);
    expect(r.diagnostics).toEqual([]);
    expect(getAt(r.tree, [...CP, 'A', 'enrollment', 'url'])).toBe('http://x');
    expect(getAt(r.tree, [...CP, 'B', 'ca-identity'])).toBe('bb');
    expect(getAt(r.tree, [...CP, 'D'])).toEqual({});
    expect(getAt(r.tree, ['system', 'domain-name'])).toBe('d');
    expect(r.editPath).toEqual(['security']);
  });

  test('input is not modified; spans point at words', () => {
    const r = run('set security pki ca-profile A ca-identity a');
    expect(START.tree).toEqual({});
    expect(r.spans.get([...CP, 'A', 'ca-identity'])).toMatchObject({
      key: { start: 30, end: 41 },
      value: { start: 42, end: 43 },
    });
  });
});

describe('parseCommands', () => {
  test('comments, blank lines, quoted strings, value lists', () => {
    const r = parseCommands('# comment\n\nset a "b c" [ d "e f" ] # trailing\n  delete x\n', 's');
    expect(r.diagnostics).toEqual([]);
    expect(r.value.map((c) => c.verb)).toEqual(['set', 'delete']);
    expect(r.value[0].words.map((w) => w.text)).toEqual(['a', 'b c', '[']);
    expect(r.value[0].words[2].list!.map((w) => w.text)).toEqual(['d', 'e f']);
  });

  test('pasted operational commands and CLI output are errors at their line', () => {
    const text =
      'set a b\nuser@host> show security pki local-certificate\nCertificate identifier: x\nset c { d }\nset e "f\nset g h';
    const r = parseCommands(text, 's');
    expect(r.value.map((c) => c.words[0].text)).toEqual(['a', 'g']);
    expect(r.diagnostics.map((d) => [d.code, text.slice(d.span!.start, d.span!.end)])).toEqual([
      ['UNKNOWN_COMMAND', 'user@host>'],
      ['UNKNOWN_COMMAND', 'Certificate'],
      ['UNEXPECTED_TOKEN', '{'],
      ['UNTERMINATED_STRING', '"f'],
    ]);
  });

  test('rename/insert/annotate/up shapes', () => {
    const r = parseCommands(
      'rename a b to b c\ninsert a b before a c\nannotate a "x"\nup 2\nrename a b',
      's',
    );
    expect(r.value[0].target!.map((w) => w.text)).toEqual(['b', 'c']);
    expect(r.value[1].where).toBe('before');
    expect(r.value[2].comment!.text).toBe('x');
    expect(r.value[3].count).toBe(2);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['INVALID_COMMAND']);
  });
});

describe('names the tree cannot hold', () => {
  test('__proto__ and @-names are refused with a span, nothing else breaks', () => {
    const r = run(
      'set security pki ca-profile __proto__ ca-identity x\nset security pki ca-profile @x\nset security pki ca-profile ok',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['INVALID_COMMAND', 'INVALID_COMMAND']);
    expect(listNames(getAt(r.tree, CP) as never)).toEqual(['ok']);
    expect(Object.getPrototypeOf(getAt(r.tree, CP))).toBe(Object.prototype);
  });
});
