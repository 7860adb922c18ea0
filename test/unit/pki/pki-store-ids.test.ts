// Certificate ids that are names of Object.prototype members are ids like any
// other: an empty store holds none of them, they round-trip through
// index.json (a second process opens the store), and the op commands accept
// them.
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { requestCommand, showCommand } from '../../../src/cli/commands/op.js';
import type { CliIO } from '../../../src/cli/run.js';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { tempDir } from './helpers.js';

const IDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

test('an empty store holds none of them', () => {
  const store = openPkiStore(tempDir(), { durable: false });
  for (const id of IDS) {
    expect(store.has('key', id)).toBe(false);
    expect(store.meta('key', id)).toBeUndefined();
    expect(store.readPem('key', id)).toBeUndefined();
  }
});

test('put, reopen, read, delete', () => {
  const state = tempDir();
  const store = openPkiStore(state, { durable: false });
  const r = store.commit(
    IDS.map((id) => ({ op: 'put', kind: 'local', id, pem: `pem of ${id}`, meta: { n: id } })),
  );
  expect(r.diagnostics).toEqual([]);
  const again = openPkiStore(state, { durable: false });
  expect(again.list('local')).toEqual(IDS);
  for (const id of IDS) {
    expect(again.has('local', id)).toBe(true);
    expect(again.readPem('local', id)).toBe(`pem of ${id}`);
    expect(again.meta('local', id)).toMatchObject({ n: id });
    expect(again.has('key', id)).toBe(false);
  }
  // the prototype of the index's maps was not replaced by the `__proto__` entry
  expect(again.has('local', 'n')).toBe(false);
  again.commit([{ op: 'delete', kind: 'local', id: '__proto__' }]);
  const third = openPkiStore(state, { durable: false });
  expect(third.list('local')).toEqual(IDS.filter((i) => i !== '__proto__'));
  expect(third.readPem('local', '__proto__')).toBeUndefined();
  expect(third.readPem('local', 'constructor')).toBe('pem of constructor');
});

function io(): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  return { io: { stdout, stderr, stdin: new PassThrough(), env: {} }, out: () => out, err: () => err };
}

test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
  'request security pki generate-key-pair certificate-id %s',
  async (id) => {
    const state = join(tempDir(), 'st');
    const a = io();
    const gen = [
      'security',
      'pki',
      'generate-key-pair',
      'certificate-id',
      id,
      'type',
      'ecdsa',
      '--state',
      state,
    ];
    expect(await requestCommand(gen, a.io)).toBe(0);
    expect(a.err()).toBe('');
    expect(a.out()).toBe(`Generated key pair ${id}, key size 256 bits\n`);
    const b = io();
    expect(await showCommand(['security', 'pki', 'key-pair', '--state', state], b.io)).toBe(0);
    expect(b.out()).toContain(`Certificate identifier: ${id}\n`);
    const c = io();
    expect(await requestCommand(gen, c.io)).toBe(1);
    expect(c.err()).toContain(`Key pair ${id} already exists`);
  },
);
