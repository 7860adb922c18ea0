// The whole SCEP lifecycle through the built CLI, as a user runs it: `pkicfg ca serve`
// (manual approval) in one process, and one-shot `pkicfg` commands as the device:
// commit a ca-profile, enroll the CA certificate (pinned by fingerprint), enroll a
// local certificate with --no-wait (PENDING), approve with `pkicfg ca approve`, run
// the same enroll command again (resumes the transaction), verify with openssl.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './scep-peer-helpers.js';

const MAIN = resolve('dist/src/cli/main.js');
const HAVE = existsSync(MAIN);
if (!HAVE) console.warn('SKIP scep-cli: dist/src/cli/main.js missing (npm run build)');

(HAVE ? describe : describe.skip)('pkicfg CLI: ca serve + enroll (manual approval)', () => {
  let dir: string;
  let serve: ChildProcess;
  let out = '';
  const pkicfg = (args: string[]) =>
    run(process.execPath, [MAIN, ...args], { env: { PKICFG_STATE: join(dir, 'device') }, timeoutMs: 30_000 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-cli-scep-'));
    serve = spawn(
      process.execPath,
      [
        MAIN,
        'ca',
        'serve',
        '--port',
        '0',
        '--state',
        join(dir, 'ca'),
        '--challenge',
        'cli-s3cret',
        '--manual-approval',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    serve.stdout!.on('data', (c) => (out += c));
    serve.stderr!.on('data', () => undefined);
    for (let i = 0; i < 300 && !/SCEP URL: \S+/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
  }, 30_000);
  afterAll(async () => {
    if (serve.pid) process.kill(serve.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('lifecycle', async () => {
    const url = /SCEP URL: (\S+)/.exec(out)?.[1];
    expect(url).toBeDefined();
    const fp = /Fingerprint: (\S+) \(sha256\)/.exec(out)![1];
    writeFileSync(
      join(dir, 'cfg.set'),
      `set security pki ca-profile LAB ca-identity LAB\nset security pki ca-profile LAB enrollment url ${url}\nset security pki ca-profile LAB enrollment retry 3\nset security pki ca-profile LAB enrollment retry-interval 1\n`,
    );
    expect((await pkicfg(['load', 'set', join(dir, 'cfg.set'), '--commit'])).code).toBe(0);
    const ca = await pkicfg(
      `request security pki ca-certificate enroll ca-profile LAB --fingerprint ${fp}`.split(' '),
    );
    expect(ca.stdout).toContain('CA certificate for profile LAB loaded successfully');
    expect(
      (await pkicfg(`request security pki generate-key-pair certificate-id gw size 2048`.split(' '))).code,
    ).toBe(0);
    const enroll =
      `request security pki local-certificate enroll scep certificate-id gw ca-profile LAB challenge-password cli-s3cret subject CN=gw.example.net,O=Example`.split(
        ' ',
      );
    const first = await pkicfg([...enroll, '--no-wait']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('waiting for the CA (polling)');
    const show = await pkicfg(['show', 'security', 'pki', 'local-certificate']);
    expect(show.stdout).toContain('Enrollment: SCEP, ca-profile LAB, polling');
    const pending = await run(process.execPath, [MAIN, 'ca', 'pending', '--state', join(dir, 'ca')]);
    expect(pending.stdout).toContain('CN=gw.example.net');
    expect(
      (await run(process.execPath, [MAIN, 'ca', 'approve', '--all', '--state', join(dir, 'ca')])).stdout,
    ).toMatch(/^Approved /);
    const second = await pkicfg(enroll);
    expect(second.stdout).toContain('Local certificate gw enrolled successfully');
    const v = await run('openssl', [
      'verify',
      '-CAfile',
      join(dir, 'ca', 'ca', 'ca.pem'),
      join(dir, 'device', 'pki', 'local', 'gw.pem'),
    ]);
    expect(v.stdout).toContain(': OK');
  }, 60_000);
});
