/**
 * Format detection that cannot misfire silently (src/syntax/detect-format.ts,
 * stray-lines.ts): the first line that says a format decides; lines that say
 * none (labels, banners, bullets, prompts) get their own error at their line;
 * a BOM is skipped and lone CRs end lines.
 */
import { LineIndex } from '../../../src/diag/line-index.js';
import { detectFormat, parseConfig } from '../../../src/syntax/parse-config.js';
import { printSet } from '../../../src/syntax/print-set.js';
import { syntaxLeavesTreeWhole } from '../../../src/syntax/stray-lines.js';
import { MINI } from '../reftree/mini-schema.js';

const parse = (t: string) => parseConfig(t, 'in', { reftree: MINI });
const at = (text: string, offset: number): string => {
  const p = new LineIndex(text).lineCol(offset);
  return `${p.line}:${p.col}`;
};
const CA = 'set security pki ca-profile A ca-identity A\n';

describe('detectFormat', () => {
  test.each([
    ['AN3:\n' + CA, 'set'],
    ['[edit security]\n' + CA, 'set'],
    ['{master:0}[edit]\n' + CA, 'set'],
    ['{primary:node0}\n' + CA, 'set'],
    ['* request security pki ca-certificate enroll ca-profile A\n', 'set'],
    ['user@host> show configuration\nsecurity {\n}\n', 'curly'],
    ['AN3:\nsecurity {\n}\n', 'curly'],
    ['\ufeffsecurity {\n}\n', 'curly'],
    ['\ufeff{"configuration": {}}', 'json'],
    ['security:\n  pki:\n    ca-profile: []\n', 'yaml'],
    ['security { pki { } }', 'curly'],
    ['version 1;\rsystem {\r}\r', 'curly'],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

describe('lines that say no format', () => {
  test('a label line before set lines: its own error at 1:1, the set lines apply', () => {
    const text = 'AN3:\n' + CA;
    const r = parse(text);
    expect(r.value.format).toBe('set');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'UNKNOWN_COMMAND', span: { start: 0, end: 4 } });
    expect(r.diagnostics[0].message).toMatch(/label/);
    expect(printSet(r.value.tree, { reftree: MINI })).toBe(CA);
  });

  test('an [edit ...] banner is CLI output, reported as such over the whole line', () => {
    const r = parse('[edit security pki]\n' + CA);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].span).toMatchObject({ start: 0, end: 19 });
    expect(r.diagnostics[0].message).toMatch(/edit-level banner/);
  });

  test('a label line before curly text: an error at its line, not a statement with the next', () => {
    const text =
      'AN3:\nsecurity {\n    pki {\n        ca-profile A {\n            ca-identity A;\n        }\n    }\n}\n';
    const r = parse(text);
    expect(r.diagnostics.map((d) => [d.code, at(text, d.span!.start)])).toEqual([['UNKNOWN_COMMAND', '1:1']]);
    expect(printSet(r.value.tree, { reftree: MINI })).toBe(CA);
  });

  test('CLI-mode words: edit exclusive, commit, exit, op-mode commands', () => {
    const text = 'edit exclusive\n' + CA + 'commit and-quit\nexit\nshow security pki\n';
    const r = parse(text);
    expect(
      r.diagnostics.map((d) => [d.code, at(text, d.span!.start), text.slice(d.span!.start, d.span!.end)]),
    ).toEqual([
      ['INVALID_COMMAND', '1:6', 'exclusive'],
      ['UNKNOWN_COMMAND', '3:1', 'commit'],
      ['UNKNOWN_COMMAND', '4:1', 'exit'],
      ['UNKNOWN_COMMAND', '5:1', 'show'],
    ]);
    expect(r.diagnostics[0].message).toMatch(/'edit exclusive' is operational mode's 'configure exclusive'/);
    expect(r.diagnostics[1].message).toMatch(/CLI command/);
    expect(r.diagnostics[3].message).toMatch(/operational-mode command/);
    // the set line after `edit exclusive` is at the top, not under a hierarchy `exclusive`
    expect(printSet(r.value.tree, { reftree: MINI })).toBe(CA);
  });
});

describe('BOM and CR-only line ends', () => {
  test('a BOM is skipped: the first word is the statement, columns do not count it', () => {
    const text =
      '\ufeffsecurity {\n    pki {\n        ca-profile A {\n            ca-identiti A;\n        }\n    }\n}\n';
    const r = parse(text);
    expect(r.diagnostics.map((d) => [d.code, at(text, d.span!.start)])).toEqual([
      ['UNKNOWN_STATEMENT', '4:13'],
    ]);
    expect(at(text, 1)).toBe('1:1');
    expect(new LineIndex(text).lineText(1)).toBe('security {');
  });

  test('CR-only line ends are lines', () => {
    const text =
      'set system host-name r\rset security pki ca-profile A ca-identiti A\r' + CA.replace('\n', '\r');
    const r = parse(text);
    expect(r.diagnostics.map((d) => [d.code, at(text, d.span!.start)])).toEqual([
      ['UNKNOWN_STATEMENT', '2:31'],
    ]);
    expect(printSet(r.value.tree, { reftree: MINI })).toBe('set system host-name r\n' + CA);
    expect(new LineIndex(text).lineText(2)).toBe('set security pki ca-profile A ca-identiti A');
  });
});

describe('syntaxLeavesTreeWhole', () => {
  test('set text always; other formats unless the nesting broke', () => {
    const typo = parse('security { pki { ca-profile A { ca-identiti A; } } }');
    expect(syntaxLeavesTreeWhole('curly', typo.diagnostics)).toBe(true);
    const cut = parse('security { pki { ca-profile A { ca-identity "A; } } }');
    expect(syntaxLeavesTreeWhole('curly', cut.diagnostics)).toBe(false);
    const set = parse('set security pki ca-profile A ca-identity "A\n' + CA);
    expect(syntaxLeavesTreeWhole('set', set.diagnostics)).toBe(true);
  });
});
