// The secret canary (issue 15): secrets typed every way a user types them —
// in a set file, a curly file, unmodelled hierarchies, the shell, op commands
// and the embedded CA's flags — must never come back in clear: not on stdout or
// stderr of any command, not in any file under the state directory or HOME.
// Each canary is a unique word, so one grep finds it anywhere.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve('dist/src/cli/main.js');
const HAVE = existsSync(MAIN);
if (!HAVE) console.warn('SKIP secret-canary: dist/src/cli/main.js missing (npm run build)');

const CANARY = {
  challenge: 'CanaryChal4711',
  psk: 'CanaryPsk4712',
  bgp: 'CanaryBgp4713',
  radius: 'CanaryRad4714',
  caChallenge: 'CanaryCaChal4715',
  cmpSecret: 'CanaryCmp4716',
  opChallenge: 'CanaryOpChal4717',
  opCaSecret: 'CanaryOpCa4718',
  shellPsk: 'CanaryShellPsk4719',
};

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const outputs: string[] = [];

function pkicfg(args: readonly string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<Ran> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => {
      outputs.push(`$ pkicfg ${args.slice(0, 2).join(' ')} ...\n${stdout}${stderr}`); // not the argv itself
      res({ code: code ?? 1, stdout, stderr });
    });
    p.stdin.end(stdin);
  });
}

/** Every regular file below DIR, with its bytes as latin1 text (so binary files are searched too). */
function filesBelow(dir: string): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) found.push({ path: p, text: readFileSync(p).toString('latin1') });
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

(HAVE ? describe : describe.skip)('secret canary: no secret in clear anywhere', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let inputs: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-canary-'));
    inputs = join(dir, 'inputs'); // the user's own files: the only place a canary may stand in clear
    mkdirSync(inputs);
    mkdirSync(join(dir, 'home'));
    env = {
      PKICFG_STATE: join(dir, 'state'),
      HOME: join(dir, 'home'),
      PKICFG_CHALLENGE_PASSWORD: '',
      PKICFG_CA_SECRET: '',
      PKICFG_CA_CHALLENGE: '',
      PKICFG_CMP_SECRET: '',
    };
    writeFileSync(
      join(inputs, 'device.set'),
      [
        'set security pki ca-profile P ca-identity P',
        'set security pki ca-profile P enrollment url http://127.0.0.1:9/scep',
        `set security pki auto-re-enrollment scep certificate-id C ca-profile-name P challenge-password ${CANARY.challenge} re-enroll-trigger-time-percentage 10`,
        `set security ike policy IKE-POL pre-shared-key ascii-text ${CANARY.psk}`,
        `set protocols bgp group G authentication-key ${CANARY.bgp}`,
        `set system radius-server 192.0.2.1 secret ${CANARY.radius}`,
        '',
      ].join('\n'),
    );
    // one broken line carrying a secret, for the frames and echoes of errors
    writeFileSync(
      join(inputs, 'broken.set'),
      `set security ike policy IKE-POL pre-shared-key ascii-text ${CANARY.psk} bogus-word\n`,
    );
    writeFileSync(
      join(inputs, 'device.conf'),
      `protocols {\n    bgp {\n        group G {\n            authentication-key "${CANARY.bgp}";\n        }\n    }\n}\n`,
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('configuration, validate, convert, shell and op commands', async () => {
    const f = (n: string): string => join(inputs, n);
    expect((await pkicfg(['load', 'merge', f('device.set'), '--commit'], env)).code).toBe(0);
    await pkicfg(['show', 'configuration'], env);
    await pkicfg(['show', 'configuration', '--display', 'set'], env);
    await pkicfg(['show', 'configuration', '--display', 'json'], env);
    await pkicfg(['compare', '--rollback', '1'], env);
    await pkicfg(['history'], env);
    for (const to of ['set', 'curly', 'json', 'yaml'])
      await pkicfg(['convert', f('device.set'), '--to', to], env);
    await pkicfg(['convert', f('device.conf'), '--to', 'set'], env);
    expect((await pkicfg(['validate', '--frame', f('broken.set')], env)).code).toBe(1);
    await pkicfg(['validate', '--format', 'json', f('broken.set')], env);
    await pkicfg(['validate', '--format', 'sarif', f('broken.set')], env);
    await pkicfg(['load', 'merge', f('broken.set')], env);
    // the shell, non-interactively: a good line and a failing one, both with secrets
    await pkicfg(
      [
        'shell',
        '-c',
        [
          'configure',
          `set security ike policy SH pre-shared-key ascii-text ${CANARY.shellPsk}`,
          `set security ike policy SH pre-shared-key ascii-text ${CANARY.shellPsk} bogus`,
          'show | compare',
          'commit',
          'exit',
        ].join('\n'),
      ],
      env,
    );
    // op commands with the secret as words (Junos habit, warned), from a file and from the environment
    writeFileSync(f('op-challenge'), `${CANARY.opChallenge}\n`);
    await pkicfg(
      ['request', 'security', 'pki', 'generate-key-pair', 'certificate-id', 'K', 'size', '2048'],
      env,
    );
    await pkicfg(
      [
        'request',
        'security',
        'pki',
        'local-certificate',
        'enroll',
        'certificate-id',
        'K',
        'ca-profile',
        'P',
        'challenge-password',
        CANARY.opChallenge,
        'subject',
        'CN=k',
        'domain-name',
        'k.example',
      ],
      env,
    );
    await pkicfg(
      [
        'request',
        'security',
        'pki',
        'local-certificate',
        'enroll',
        'scep',
        'certificate-id',
        'K',
        'ca-profile',
        'P',
        'challenge-password-file',
        f('op-challenge'),
        'subject',
        'CN=k',
        'domain-name',
        'k.example',
      ],
      env,
    );
    await pkicfg(
      [
        'request',
        'security',
        'pki',
        'local-certificate',
        'enroll',
        'cmpv2',
        'certificate-id',
        'K',
        'ca-profile',
        'P',
        'ca-dn',
        'CN=x',
        'ca-secret',
        CANARY.opCaSecret,
        'ca-reference',
        '1234',
        'subject',
        'CN=k',
      ],
      env,
    );
    await pkicfg(
      ['request', 'security', 'pki', 'local-certificate', 'enroll', 'scep', 'certificate-id', 'K'],
      { ...env, PKICFG_CHALLENGE_PASSWORD: CANARY.opChallenge },
    );
    await pkicfg(
      [
        'request',
        'security',
        'pki',
        'local-certificate',
        'enroll',
        'scep',
        'certificate-id',
        'K',
        'ca-profile',
        'P',
        'challenge-password',
        CANARY.opChallenge,
        'subject',
        'CN=k',
        'domain-name',
        'k.example',
      ],
      env,
    );
    await pkicfg(['show', 'security', 'pki', 'local-certificate'], env);
  }, 300_000);

  test('the embedded CA, its secrets given as flags', async () => {
    const ca: ChildProcess = spawn(
      process.execPath,
      [
        MAIN,
        'ca',
        'serve',
        '--port',
        '0',
        '--challenge',
        CANARY.caChallenge,
        '--cmp-reference',
        '99',
        '--cmp-secret',
        CANARY.cmpSecret,
      ],
      { env: { ...process.env, ...env, PKICFG_STATE: join(dir, 'ca-state') }, stdio: 'pipe' },
    );
    let text = '';
    ca.stdout?.on('data', (c) => (text += c));
    ca.stderr?.on('data', (c) => (text += c));
    for (let i = 0; i < 200 && !/listening|http:\/\//.test(text) && ca.exitCode === null; i++)
      await new Promise((r) => setTimeout(r, 50));
    ca.kill('SIGTERM');
    await new Promise((r) => (ca.exitCode === null ? ca.on('exit', r) : r(null)));
    outputs.push(`$ pkicfg ca serve ...\n${text}`);
    expect(text).toMatch(/http:\/\//);
  }, 60_000);

  test('no canary in any output, or in any file under the state directories or HOME', () => {
    const files = filesBelow(dir).filter((x) => !x.path.startsWith(inputs));
    expect(files.length).toBeGreaterThan(3); // the state was really written
    for (const canary of Object.values(CANARY)) {
      const inOutput = outputs.filter((o) => o.includes(canary)).map((o) => o.slice(0, 400));
      const inFiles = files.filter((x) => x.text.includes(canary)).map((x) => x.path);
      expect({ canary, inOutput, inFiles }).toEqual({ canary, inOutput: [], inFiles: [] });
    }
  });
});
