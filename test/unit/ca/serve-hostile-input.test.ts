// The embedded CA's HTTP server against hostile input, over raw sockets on
// 127.0.0.1: a Host or request target that does not parse is a 400 (no stack
// trace in the log), an oversized body a 413 the client can read even while
// it is still sending, and a SCEP transactionID with LF/ESC cannot forge a
// log line or reach the terminal.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';
import { buildPkiMessage } from '../../../src/protocols/scep/pki-message.js';
import { buildTransientSigner, parseDn } from '../../../src/protocols/scep/x509-build.js';

let dir: string;
let srv: RunningCaServer;
const log: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pkicfg-ca-hostile-'));
  srv = await startCaServer({ stateDir: join(dir, 'ca'), port: 0, log: (l) => log.push(l) });
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  log.length = 0;
});

/** Sends HEAD, then BODY in 64 KiB writes (each awaited), then reads until the server closes. */
function raw(head: string, body: Buffer = Buffer.alloc(0)): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(srv.port, '127.0.0.1');
    const got: Buffer[] = [];
    sock.on('data', (c: Buffer) => got.push(c));
    sock.on('error', (e) => reject(new Error(`${e.message} after ${Buffer.concat(got).length} bytes`)));
    sock.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
    sock.on('connect', async () => {
      sock.write(head);
      for (let at = 0; at < body.length; at += 65536) {
        await new Promise<void>((done) => sock.write(body.subarray(at, at + 65536), () => done()));
      }
      // half-close: the server answers and closes its side
      sock.end();
    });
  });
}

const NO_STACK = /\n|\s+at \S+ \(/;

test.each([
  ['Host: [::1', 'GET /scep?operation=GetCACaps HTTP/1.1\r\nHost: [::1\r\n\r\n'],
  ['Host with a path', 'GET /scep?operation=GetCACaps HTTP/1.1\r\nHost: a/b\r\n\r\n'],
  ['an asterisk target', 'GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ['an absolute target with a bad host', 'GET http://[::1/scep HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
])('%s: 400, one log line, no stack trace', async (_name, head) => {
  const rsp = await raw(head);
  expect(rsp).toMatch(/^HTTP\/1\.1 400 /);
  expect(rsp).not.toMatch(/internal error|\bat /);
  expect(log.some((l) => /bad request/.test(l))).toBe(true);
  for (const l of log) expect(l).not.toMatch(NO_STACK);
});

test('the ordinary request still works (origin-form and absolute-form)', async () => {
  const host = `127.0.0.1:${srv.port}`;
  expect(
    await raw(`GET /scep?operation=GetCACaps HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
  ).toMatch(/^HTTP\/1\.1 200 [\s\S]*SCEPStandard/);
  expect(
    await raw(
      `GET http://${host}/scep?operation=GetCACaps HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    ),
  ).toMatch(/^HTTP\/1\.1 200 /);
});

test('a 2 MiB body gets a readable 413, not a reset', async () => {
  const body = Buffer.alloc(2 * 1024 * 1024, 0x41);
  const rsp = await raw(
    `POST /scep?operation=PKIOperation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-pki-message\r\nContent-Length: ${body.length}\r\n\r\n`,
    body,
  );
  expect(rsp).toMatch(/^HTTP\/1\.1 413 /);
  expect(rsp).toContain('request body too large');
  expect(log.some((l) => /request body over 1048576 bytes/.test(l))).toBe(true);
});

test('a chunked 2 MiB body gets a readable 413 too', async () => {
  const chunk = Buffer.alloc(256 * 1024, 0x42);
  const chunked = Buffer.concat([
    ...Array.from({ length: 8 }, () =>
      Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
    ),
    Buffer.from('0\r\n\r\n'),
  ]);
  const rsp = await raw(
    'POST /pkix/ HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n'.replace(
      '/pkix/',
      '/scep',
    ),
    chunked,
  );
  expect(rsp).toMatch(/^HTTP\/1\.1 413 /);
});

test('a SCEP transactionID with LF and ESC is logged escaped, on one line', async () => {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const signer = buildTransientSigner(key, parseDn('CN=mallory')!, new Date());
  const txid = 'abc\n2030-01-01T00:00:00.000Z CertRep SUCCESS txid=forged\u001b[2J\u001b]0;owned\u0007';
  const der = buildPkiMessage(
    {
      messageType: 'PKCSReq',
      transactionID: txid,
      senderNonce: Buffer.alloc(16, 1),
      envelope: Buffer.from([4, 0]),
    },
    { certificate: signer, key, digest: 'sha256' },
  );
  der[der.length - 1] ^= 0xff; // a broken signature: the transactionID is logged before anything verifies
  const rsp = await raw(
    `POST /scep?operation=PKIOperation HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: ${der.length}\r\n\r\n`,
    der,
  );
  expect(rsp).toMatch(/^HTTP\/1\.1 200 /);
  const text = log.join('\n');
  expect(text).toContain(
    'txid=abc\\x0a2030-01-01T00:00:00.000Z CertRep SUCCESS txid=forged\\x1b[2J\\x1b]0;owned\\x07',
  );
  const controls = (l: string) => [...l].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  for (const l of log) expect(controls(l)).toEqual([]);
});
