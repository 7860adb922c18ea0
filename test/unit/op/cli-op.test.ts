// `pkicfg request|show|clear` through the CLI handlers (in-process): --state, --yes, exit codes.
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { clearCommand, parseOpCli, requestCommand, showCommand } from '../../../src/cli/commands/op.js';
import type { CliIO } from '../../../src/cli/run.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { snapshot, tempDir } from '../pki/helpers.js';

function io(): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return {
    io: { stdout, stderr, stdin: new PassThrough(), env: { PKICFG_SERIAL_NUMBER: 'X1' } },
    out: () => out,
    err: () => err,
  };
}

test('parseOpCli separates --state/--yes and turns --word into keywords', () => {
  expect(
    parseOpCli(['security', '--state', '/s', 'pki', '--yes', '--no-wait', '--fingerprint=ab:cd']),
  ).toEqual({
    words: ['security', 'pki', 'no-wait', 'fingerprint', 'ab:cd'],
    state: '/s',
    yes: true,
    help: false,
  });
});

test('generate, show, clear through the CLI; syntax error exits 2 with a caret', async () => {
  const state = join(tempDir(), 'st');
  const a = io();
  expect(
    await requestCommand(
      ['security', 'pki', 'generate-key-pair', 'certificate-id', 'c1', 'type', 'ecdsa', '--state', state],
      a.io,
    ),
  ).toBe(0);
  expect(a.out()).toBe('Generated key pair c1, key size 256 bits\n');
  const b = io();
  expect(await showCommand(['sec', 'pki', 'key', '--state', state], b.io)).toBe(0);
  expect(b.out()).toContain('Certificate identifier: c1\n  Key type: ecdsa, key size: 256 bits\n');
  const c = io();
  expect(
    await clearCommand(['security', 'pki', 'key-pair', 'certificate-id', 'c1', '--state', state], c.io),
  ).toBe(0);
  expect(c.out()).toBe('');
  const d = io();
  expect(
    await clearCommand(['security', 'pki', 'key-pair', 'certificate-id', 'c1', '--state', state], d.io),
  ).toBe(1);
  expect(d.err()).toBe('error: Key pair c1 does not exist\n');
  const e = io();
  expect(await showCommand(['security', 'pki', 'bogus', '--state', state], e.io)).toBe(2);
  expect(e.err()).toBe(
    'show security pki bogus\n                  ^\nsyntax error, expecting <command>.\n' +
      e.err().split('expecting <command>.\n')[1],
  );
});

test('without a terminal and without --yes a confirmation answers no; --yes answers yes', async () => {
  const state = join(tempDir(), 'st');
  await requestCommand(
    ['security', 'pki', 'generate-key-pair', 'certificate-id', 'c1', 'size', '1024', '--state', state],
    io().io,
  );
  await requestCommand(
    `security pki local-certificate generate-self-signed certificate-id c1 subject CN=ca add-ca-constraint --state ${state}`.split(
      ' ',
    ),
    io().io,
  );
  const store = openPkiStore(state, { durable: false });
  store.commit([{ op: 'put', kind: 'ca', id: 'ROOT', pem: store.readPem('local', 'c1')! }]);
  const before = snapshot(state);
  const a = io();
  expect(await clearCommand(['security', 'pki', 'ca-certificate', 'all', '--state', state], a.io)).toBe(0);
  expect(a.out()).toBe(
    'Do you want to delete all CA certificates ? [yes,no] (no) no (not a terminal; use --yes)\n',
  );
  expect(snapshot(state)).toEqual(before);
  const b = io();
  expect(
    await clearCommand(['security', 'pki', 'ca-certificate', 'all', '--yes', '--state', state], b.io),
  ).toBe(0);
  expect(b.out()).toBe('Do you want to delete all CA certificates ? [yes,no] (no) yes\n');
  expect(store.list('ca')).toEqual([]);
});
