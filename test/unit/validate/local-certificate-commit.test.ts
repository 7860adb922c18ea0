/**
 * `certificate local-certificate` names a runtime object of the PKI store, not
 * a configuration object: a configuration that names a local certificate that
 * exists nowhere commits (Junos checks it only at IKE negotiation), whereas a
 * `trusted-ca ca-profile` naming a missing profile fails the commit with
 * Junos's block.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadCommand } from '../../../src/cli/commands/load.js';
import type { CliIO } from '../../../src/cli/run.js';

async function load(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (out += c.toString()));
  const io: CliIO = { stdout, stderr, stdin: new PassThrough(), env: { USER: 'test' } };
  const code = await loadCommand(args, io);
  return { code, out };
}

const BASE = `set security pki ca-profile CA ca-identity CA enrollment url http://192.0.2.1/scep
set security ike proposal P authentication-method rsa-signatures
set security ike policy POL proposals P
`;

describe('local-certificate is not a reference', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-lc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a policy naming an unknown local certificate commits', async () => {
    const file = join(dir, 'ok.set');
    writeFileSync(
      file,
      BASE +
        'set security ike policy POL certificate local-certificate never-enrolled-cert trusted-ca ca-profile CA\n',
    );
    const r = await load(['set', file, '--commit', '--state', join(dir, 'state')]);
    expect(r.out).not.toMatch(/error/);
    expect(r.code).toBe(0);
  });

  test('a trusted-ca ca-profile naming a missing profile does not', async () => {
    const file = join(dir, 'bad.set');
    writeFileSync(
      file,
      BASE +
        'set security ike policy POL certificate local-certificate c1 trusted-ca ca-profile MISSING-CA\n',
    );
    const r = await load(['set', file, '--commit', '--state', join(dir, 'state')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "[edit security ike policy POL certificate trusted-ca]\n  'ca-profile MISSING-CA'\n    Referenced profile must be defined under [edit security pki ca-profile]\n",
    );
  });
});
