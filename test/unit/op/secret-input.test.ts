// Secrets from a file or standard input instead of the command line: the
// terminal prompt does not echo, a pipe gives its first line, a file its first line.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { readSecretFile, readSecretInput, type SecretInput } from '../../../src/op/secret-input.js';

/** A terminal: records raw mode; each read (resume) gets the next of KEYS, as a user types a line per prompt. */
function fakeTty(keys: readonly string[]): SecretInput & { raw: boolean[] } {
  const e = new EventEmitter() as EventEmitter & SecretInput & { raw: boolean[] };
  const queue = [...keys];
  Object.assign(e, {
    isTTY: true,
    raw: [] as boolean[],
    setRawMode: (m: boolean) => e.raw.push(m),
    resume: () => {
      const k = queue.shift();
      if (k !== undefined) setImmediate(() => e.emit('data', Buffer.from(k)));
    },
    pause: () => undefined,
  });
  return e;
}

function out(): { write: (t: string) => void; text: () => string } {
  let t = '';
  return { write: (s) => void (t += s), text: () => t };
}

test('terminal: the prompt is shown, the typed secret is not; backspace edits; raw mode is restored', async () => {
  const tty = fakeTty(['s3crX\x7ft\r']);
  const o = out();
  expect(await readSecretInput(tty, o, 'Challenge password: ')).toEqual({ value: 's3crt' });
  expect(o.text()).toBe('Challenge password: \n');
  expect(tty.raw).toEqual([true, false]);
  expect(tty.listenerCount('data')).toBe(0);
});

test('terminal: Ctrl-C gives no secret; an empty line gives no secret', async () => {
  expect(await readSecretInput(fakeTty(['ab\x03']), out(), 'P: ')).toEqual({ error: 'no secret entered' });
  expect(await readSecretInput(fakeTty(['\r']), out(), 'P: ')).toEqual({ error: 'no secret entered' });
});

test('terminal with a retype: both must match', async () => {
  const ok = fakeTty(['pw1\r', 'pw1\r']);
  const o = out();
  expect(await readSecretInput(ok, o, 'New: ', 'Retype: ')).toEqual({ value: 'pw1' });
  expect(o.text()).toBe('New: \nRetype: \n');
  expect(await readSecretInput(fakeTty(['pw1\r', 'pw2\r']), out(), 'New: ', 'Retype: ')).toEqual({
    error: 'the secrets entered do not match',
  });
});

test('a pipe: its first line, without the line end; nothing: an error', async () => {
  const p = new PassThrough();
  const r = readSecretInput(p as unknown as SecretInput, out(), 'P: ');
  p.end('from-pipe\r\nsecond line\n');
  expect(await r).toEqual({ value: 'from-pipe' });
  const empty = new PassThrough();
  const e = readSecretInput(empty as unknown as SecretInput, out(), 'P: ');
  empty.end();
  expect(await e).toEqual({ error: 'no secret on standard input' });
});

test('a file: its first line; empty or missing: an error naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-secret-'));
  try {
    writeFileSync(join(dir, 's'), 'file-secret\nignored\n');
    writeFileSync(join(dir, 'e'), '\nx\n');
    expect(readSecretFile('s', dir)).toEqual({ value: 'file-secret' });
    expect(readSecretFile('e', dir)).toEqual({ error: "file 'e' holds no secret (its first line is empty)" });
    expect(readSecretFile('nope', dir)).toEqual({ error: "could not read file 'nope': ENOENT" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
