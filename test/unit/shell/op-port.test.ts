// The operational tree (op/op-tree.ts) as the shell sees it: `?` rows, argument
// order, flags, enums, groups, mandatory args, existing names, output and status.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpTree, BASE_NODES, type OpArgs } from '../../../src/op/op-tree.js';
import { opPort } from '../../../src/shell/op-port.js';
import { Shell } from '../../../src/shell/shell.js';
import { fakeLanguage, FakeBackend, ScriptedIO } from './fakes.js';

let dir: string;
let seen: OpArgs | undefined;

beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-op-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shell(): { sh: Shell; io: ScriptedIO } {
  const tree = buildOpTree(BASE_NODES, [
    {
      path: ['show', 'security', 'pki', 'local-certificate'],
      help: 'Show certificate information',
      args: [
        {
          name: 'certificate-id',
          help: 'Certificate identifier',
          value: { placeholder: 'certificate-id', kind: 'certificate-id' },
        },
        { name: 'detail', help: 'Display detailed output', group: 'level' },
        { name: 'brief', help: 'Display brief output', group: 'level' },
      ],
      pipe: true,
      run: async (args, ctx) => {
        seen = args;
        ctx.stdout.write(`Certificate identifier: ${String(args['certificate-id'] ?? 'all')}\nline 2\n`);
        return {};
      },
    },
    {
      path: ['request', 'security', 'pki', 'generate-key-pair'],
      help: 'Generate public/private key pair',
      args: [
        {
          name: 'certificate-id',
          help: 'Key pair identifier',
          value: { placeholder: 'certificate-id', kind: 'string' },
          mandatory: true,
        },
        {
          name: 'type',
          help: 'Type of key',
          value: {
            placeholder: 'type',
            kind: 'string',
            choices: [
              { name: 'rsa', help: 'RSA' },
              { name: 'ecdsa', help: 'ECDSA' },
            ],
          },
        },
      ],
      run: async (args) => {
        seen = args;
        return args.type === 'ecdsa'
          ? {
              diagnostics: [
                { code: 'INTERNAL', severity: 'error', stage: 'pki', message: 'ECDSA size required' },
              ],
            }
          : {};
      },
    },
  ]);
  const backend = new FakeBackend();
  backend.activeTree = {
    security: { pki: { 'ca-profile': { '@order': ['ROOT'], ROOT: { 'ca-identity': 'ROOT' } } } },
  };
  const op = opPort({
    tree,
    stateDir: dir,
    cwd: dir,
    env: {},
    interactive: false,
    activeConfig: () => backend.activeTree,
  });
  const io = new ScriptedIO();
  return { sh: new Shell({ user: 'admin', backend, language: fakeLanguage, op, io, hostname: 'r1' }), io };
}

test('abbreviated op command with args in any order, output piped', async () => {
  const { sh } = shell();
  const r = await sh.execute('sh sec pki loc det certificate-id LOCAL1 | match Cert');
  expect(r).toMatchObject({ ok: true, text: 'Certificate identifier: LOCAL1\n' });
  expect(seen).toEqual({ detail: true, 'certificate-id': 'LOCAL1' });
});

test('? lists args, leaves out the group already used, offers <Enter> and |', () => {
  const { sh } = shell();
  expect(sh.help('show security pki local-certificate detail ')).toBe(
    [
      'Possible completions:',
      '  <[Enter]>            Execute this command',
      '  certificate-id       Certificate identifier',
      '  |                    Pipe through a command',
      '',
    ].join('\n'),
  );
});

test('missing mandatory argument, enum abbreviation, failing command', async () => {
  const { sh } = shell();
  const r1 = await sh.execute('request security pki generate-key-pair');
  expect(r1.ok).toBe(false);
  expect(r1.text).toBe(
    ' '.repeat('admin@r1> request security pki generate-key-pair '.length) +
      '^\nsyntax error, expecting <command>.\n',
  );
  const r2 = await sh.execute('req sec pki gen cert K1 type r');
  expect(r2.ok).toBe(true);
  expect(seen).toEqual({ 'certificate-id': 'K1', type: 'rsa' });
  const r3 = await sh.execute('req sec pki gen cert K1 type ecdsa');
  expect(r3).toMatchObject({ ok: false, text: 'error: ECDSA size required\n' });
});

test('an unknown argument gets the caret', async () => {
  const { sh } = shell();
  const r = await sh.execute('show security pki local-certificate bogus');
  expect(r.text).toBe(
    ' '.repeat('admin@r1> show security pki local-certificate '.length) + '^\nsyntax error.\n',
  );
});
