import { buildOpTree, BASE_NODES, type OpCommandSpec } from '../../../src/op/op-tree.js';
import { opStep, parseOpWords } from '../../../src/op/op-parse.js';
import { renderOpParseError } from '../../../src/op/op-run.js';
import { defaultOpTree } from '../../../src/op/commands.js';

const noop = async () => ({});
const cmds: OpCommandSpec[] = [
  {
    path: ['show', 'security', 'pki', 'local-certificate'],
    help: 'Show local certificate information',
    args: [
      {
        name: 'certificate-id',
        help: 'id',
        value: { placeholder: 'certificate-id', kind: 'certificate-id' },
        group: 'w',
      },
      { name: 'system-generated', help: 'sg', group: 'w' },
      { name: 'brief', help: 'b', group: 'l' },
      { name: 'detail', help: 'd', group: 'l' },
    ],
    run: noop,
  },
  {
    path: ['show', 'security', 'pki', 'ca-certificate'],
    help: 'Show CA',
    args: [],
    run: noop,
  },
  {
    path: ['request', 'security', 'pki', 'generate-key-pair'],
    help: 'gen',
    args: [
      {
        name: 'certificate-id',
        help: 'id',
        value: { placeholder: 'certificate-id', kind: 'certificate-id' },
        mandatory: true,
      },
      {
        name: 'type',
        help: 't',
        value: {
          placeholder: 'type',
          kind: 'string',
          choices: [
            { name: 'rsa', help: '' },
            { name: 'dsa', help: '' },
            { name: 'ecdsa', help: '' },
          ],
        },
      },
    ],
    run: noop,
  },
  { path: ['show', 'system', 'commit'], help: 'commits', args: [], run: noop },
];
const tree = buildOpTree(BASE_NODES, cmds);

describe('parseOpWords', () => {
  test('unique prefixes everywhere: sh sec pki loc det', () => {
    const r = parseOpWords(tree, ['sh', 'sec', 'pki', 'loc', 'det']);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.words).toEqual(['show', 'security', 'pki', 'local-certificate', 'detail']);
      expect(r.args).toEqual({ detail: true });
    }
  });

  test('values are taken verbatim, enum values may be abbreviated', () => {
    const r = parseOpWords(tree, ['req', 'sec', 'pki', 'gen', 'cert', 'detail', 'ty', 'ec']);
    expect(r.ok && r.args).toEqual({ 'certificate-id': 'detail', type: 'ecdsa' });
  });

  test('ambiguous prefix lists the candidates', () => {
    const r = parseOpWords(tree, ['show', 's']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('OP_AMBIGUOUS');
      expect(r.error.message).toBe("'s' is ambiguous.");
      expect(r.error.candidates?.map((c) => c.name)).toEqual(['security', 'system']);
      expect(r.error.index).toBe(1);
    }
  });

  test('unknown word: syntax error with its position and a caret', () => {
    const words = ['show', 'security', 'pkx'];
    const r = parseOpWords(tree, words);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({
        code: 'OP_SYNTAX_ERROR',
        index: 2,
        message: 'syntax error, expecting <command>.',
      });
      expect(renderOpParseError(words, r.error, 'user@host> ').split('\n').slice(0, 3)).toEqual([
        'user@host> show security pkx',
        ' '.repeat('user@host> show security '.length) + '^',
        'syntax error, expecting <command>.',
      ]);
    }
  });

  test('missing mandatory argument, missing value, exclusive group, repeated arg', () => {
    const m = parseOpWords(tree, ['request', 'security', 'pki', 'generate-key-pair']);
    expect(!m.ok && m.error).toMatchObject({
      code: 'OP_INCOMPLETE',
      message: 'missing mandatory argument: certificate-id.',
    });
    const v = parseOpWords(tree, ['request', 'security', 'pki', 'generate-key-pair', 'certificate-id']);
    expect(!v.ok && v.error).toMatchObject({
      code: 'OP_INCOMPLETE',
      message: 'syntax error, expecting <certificate-id>.',
      index: 5,
    });
    const g = parseOpWords(
      tree,
      `show security pki local-certificate system-generated certificate-id x`.split(' '),
    );
    expect(!g.ok && g.error).toMatchObject({ code: 'OP_SYNTAX_ERROR', index: 5 });
    const e = parseOpWords(
      tree,
      `request security pki generate-key-pair certificate-id a type foo`.split(' '),
    );
    expect(!e.ok && e.error).toMatchObject({ code: 'OP_INVALID_VALUE', index: 7 });
    const inc = parseOpWords(tree, ['show', 'security']);
    expect(!inc.ok && inc.error.code).toBe('OP_INCOMPLETE');
  });

  test('opStep lists what may follow, with help, and whether Enter is allowed', () => {
    const s = opStep(tree, ['show', 'security', 'pki', 'local-certificate', 'system-generated']);
    expect(s.keywords.map((k) => k.name)).toEqual(['brief', 'detail']);
    expect(s.enter).toBe(true);
    const v = opStep(tree, ['request', 'security', 'pki', 'generate-key-pair', 'certificate-id']);
    expect(v.value).toMatchObject({ placeholder: 'certificate-id', kind: 'certificate-id' });
    expect(v.enter).toBe(false);
    const top = opStep(tree, []);
    expect(top.keywords.map((k) => k.name)).toEqual(['clear', 'request', 'show']);
  });

  test('the default tree holds every registered command', () => {
    const t = defaultOpTree();
    for (const line of [
      'show security pki local-certificate',
      'show security pki ca-certificate ca-profile X detail',
      'show security pki certificate-request',
      'show security pki key-pair',
      'show security pki crl detail',
      'clear security pki local-certificate all',
      'clear security pki ca-certificate ca-profile X',
      'clear security pki key-pair certificate-id x',
      'clear security pki certificate-request certificate-id x',
      'request security pki ca-certificate verify ca-profile X',
      'request security pki local-certificate verify certificate-id x',
      'request security pki crl load ca-profile X filename f',
      'show system commit',
      'show configuration',
    ]) {
      expect([line, parseOpWords(t, line.split(' ')).ok]).toEqual([line, true]);
    }
  });
});

describe('lazyRun (a table entry loads its implementation on first run)', () => {
  test('loads once and runs the loaded implementation each time', async () => {
    const { lazyRun } = await import('../../../src/op/op-tree.js');
    let loads = 0;
    const seen: string[] = [];
    const run = lazyRun(async () => {
      loads++;
      return async (args) => {
        seen.push(String(args.x));
        return { exitCode: 0 };
      };
    });
    expect(loads).toBe(0);
    const ctx = {} as Parameters<typeof run>[1];
    await run({ x: 'a' }, ctx);
    await run({ x: 'b' }, ctx);
    expect([loads, seen]).toEqual([1, ['a', 'b']]);
  });
});
