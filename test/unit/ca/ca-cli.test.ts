// `pkicfg ca serve|pending|approve|reject` in process.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { caCommand } from '../../../src/cli/commands/ca.js';
import { caServe } from '../../../src/cli/commands/ca-serve.js';
import type { CliIO } from '../../../src/cli/run.js';
import { nodeHttpTransport } from '../../../src/protocols/http/transport.js';
import { enrollCertificate } from '../../../src/protocols/scep/client.js';
import { buildCsr, parseDn } from '../../../src/protocols/scep/x509-build.js';

function io(): CliIO & { out: () => string; err: () => string } {
  const o = new PassThrough();
  const e = new PassThrough();
  let so = '';
  let se = '';
  o.on('data', (c) => (so += c));
  e.on('data', (c) => (se += c));
  return { stdout: o, stderr: e, stdin: new PassThrough(), env: {}, out: () => so, err: () => se };
}

describe('pkicfg ca', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-cacli-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('serve on port 0 prints the CA path and URL; manual approval through the CLI', async () => {
    const state = join(dir, 'st');
    const sio = io();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const serving = caServe(
      ['--port', '0', '--state', state, '--challenge', 'pw', '--manual-approval', '--quiet'],
      sio,
      () => stopped,
    );
    for (let i = 0; i < 100 && !sio.out().includes('SCEP URL'); i++)
      await new Promise((r) => setTimeout(r, 20));
    const out = sio.out();
    expect(out).toContain(`CA certificate: ${join(state, 'ca', 'ca.pem')}`);
    expect(out).toMatch(/Listening on 127\.0\.0\.1:\d+/);
    expect(statSync(join(state, 'ca', 'ca.key')).mode & 0o777).toBe(0o600);
    const url = /SCEP URL: (\S+)/.exec(out)![1];

    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    let approvedOutput = '';
    const r = await enrollCertificate({
      endpoint: { url, transport: nodeHttpTransport() },
      key,
      csrDer: buildCsr({ subject: parseDn('CN=cli-approved')!, key, challengePassword: 'pw' }),
      certId: 'c',
      retry: 5,
      retryIntervalSec: 0,
      now: () => new Date(),
      sleep: async () => {
        if (approvedOutput) return;
        const p = io();
        expect(await caCommand(['pending', '--state', state], p)).toBe(0);
        expect(p.out()).toContain('CN=cli-approved');
        const a = io();
        expect(await caCommand(['approve', '--all', '--state', state], a)).toBe(0);
        approvedOutput = a.out();
      },
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(approvedOutput).toMatch(/^Approved /);
    stop();
    expect(await serving).toBe(0);
  });

  test('approve of an unknown transaction fails with 1; bad usage with 2', async () => {
    const state = join(dir, 'st2');
    const a = io();
    expect(await caCommand(['approve', 'NOPE', '--state', state], a)).toBe(1);
    expect(a.err()).toContain("no pending request with transaction ID 'NOPE'");
    expect(await caCommand(['frobnicate'], io())).toBe(2);
    expect(await caServe(['--port', 'x'], io(), async () => undefined)).toBe(2);
  });
});
