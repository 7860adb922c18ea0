// Secrets kept off the command line, through the built CLI: `pkicfg ca serve`
// takes its challenge from --challenge-file and its CMP secret from
// PKICFG_CMP_SECRET (neither in /proc/PID/cmdline), and devices enroll with
// challenge-password-file, PKICFG_CHALLENGE_PASSWORD, the bare keyword (read
// from a pipe, and asked without echo on a terminal under tmux), and
// ca-secret-file for CMPv2. The argv forms still work, with one warning that
// never shows the secret.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve('dist/src/cli/main.js');
const HAVE = existsSync(MAIN);
if (!HAVE) console.warn('SKIP secret-input-cli: dist/src/cli/main.js missing (npm run build)');

const CHALLENGE = 'chal-Zq81-file';
const CMP_SECRET = 'cmp-Wx42-env';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with ARGS, STDIN piped in, extra ENV. */
function pkicfg(args: readonly string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<Ran> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [MAIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => res({ code: code ?? 1, stdout, stderr }));
    p.stdin.end(stdin);
  });
}

async function serveUntil(p: ChildProcess, text: () => string, re: RegExp): Promise<void> {
  for (let i = 0; i < 300 && !re.test(text()) && p.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 50));
}

(HAVE ? describe : describe.skip)('secrets off the command line (built CLI)', () => {
  let dir: string;
  let serve: ChildProcess;
  let out = '';
  let err = '';
  let device: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pkicfg-secret-cli-'));
    writeFileSync(join(dir, 'challenge'), `${CHALLENGE}\n`);
    writeFileSync(join(dir, 'wrong'), 'not-the-challenge\n');
    writeFileSync(join(dir, 'cmp-secret'), `${CMP_SECRET}\n`);
    device = { PKICFG_STATE: join(dir, 'device'), PKICFG_CHALLENGE_PASSWORD: '', PKICFG_CA_SECRET: '' };
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
        '--challenge-file',
        join(dir, 'challenge'),
        '--cmp-reference',
        '51899',
      ],
      { env: { ...process.env, PKICFG_CMP_SECRET: CMP_SECRET }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    serve.stdout!.on('data', (c) => (out += c));
    serve.stderr!.on('data', (c) => (err += c));
    await serveUntil(serve, () => out, /PKIX URL: \S+/);
    const scep = /SCEP URL: (\S+)/.exec(out)![1];
    const pkix = /PKIX URL: (\S+)/.exec(out)![1];
    const fp = /Fingerprint: (\S+) \(sha256\)/.exec(out)![1];
    writeFileSync(
      join(dir, 'cfg.set'),
      [
        'set security pki ca-profile LAB ca-identity LAB',
        `set security pki ca-profile LAB enrollment url ${scep}`,
        'set security pki ca-profile CMP ca-identity CMP',
        `set security pki ca-profile CMP enrollment url ${pkix}`,
        '',
      ].join('\n'),
    );
    expect((await pkicfg(['load', 'set', join(dir, 'cfg.set'), '--commit'], device)).code).toBe(0);
    const ca = await pkicfg(
      `request security pki ca-certificate enroll ca-profile LAB --fingerprint ${fp}`.split(' '),
      device,
    );
    expect(ca.stdout).toContain('CA certificate for profile LAB loaded successfully');
  }, 60_000);
  afterAll(async () => {
    if (serve.pid && serve.exitCode === null) process.kill(serve.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test('ca serve: secrets from a file and the environment are not in /proc/PID/cmdline; no warning', () => {
    expect(out).toContain('Challenge password: required');
    expect(out).toContain('CMP password-based MAC: reference 51899');
    expect(err).toBe('');
    const cmdline = readFileSync(`/proc/${serve.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('--challenge-file');
    expect(cmdline).not.toContain(CHALLENGE);
    expect(cmdline).not.toContain(CMP_SECRET);
  });

  const enroll = (id: string, secretWords: string): string[] =>
    `request security pki local-certificate enroll scep certificate-id ${id} ca-profile LAB ${secretWords} subject CN=${id}.example.net`
      .split(' ')
      .filter(Boolean);
  const keyFor = async (id: string): Promise<void> => {
    const r = await pkicfg(
      `request security pki generate-key-pair certificate-id ${id} size 1024`.split(' '),
      device,
    );
    expect(r.code).toBe(0);
  };
  const issued = (r: Ran, id: string): void => {
    expect(r.stdout + r.stderr).not.toContain(CHALLENGE);
    expect(r.stdout).toContain(`Local certificate ${id} enrolled successfully`);
    expect(r.code).toBe(0);
  };

  test('enroll scep: challenge-password-file, the environment, the bare keyword on a pipe; no warning', async () => {
    await keyFor('f1');
    const f = await pkicfg(enroll('f1', `challenge-password-file ${join(dir, 'challenge')}`), device);
    issued(f, 'f1');
    expect(f.stderr).toBe('');
    await keyFor('e1');
    const e = await pkicfg(enroll('e1', ''), { ...device, PKICFG_CHALLENGE_PASSWORD: CHALLENGE });
    issued(e, 'e1');
    expect(e.stderr).toBe('');
    await keyFor('p1');
    // the keyword last, without a value: read from standard input
    const words = enroll('p1', '');
    const p = await pkicfg([...words, 'challenge-password'], device, `${CHALLENGE}\n`);
    issued(p, 'p1');
    expect(p.stderr).toBe('');
  }, 60_000);

  test('enroll scep: the wrong challenge from a file is refused by the CA', async () => {
    await keyFor('w1');
    const w = await pkicfg(enroll('w1', `challenge-password-file ${join(dir, 'wrong')}`), device);
    expect(w.code).toBe(1);
    expect(w.stdout + w.stderr).not.toContain('not-the-challenge');
  }, 60_000);

  test('enroll scep: challenge-password S on the line still works, with one warning without S', async () => {
    await keyFor('a1');
    const a = await pkicfg(enroll('a1', `challenge-password ${CHALLENGE}`), device);
    issued(a, 'a1');
    expect(a.stderr.match(/warning: /g)).toHaveLength(1);
    expect(a.stderr).toContain(
      'warning: challenge-password on the command line is visible to other users (ps, /proc/PID/cmdline); use challenge-password-file FILE, PKICFG_CHALLENGE_PASSWORD, or challenge-password without a value to be asked',
    );
  }, 60_000);

  test('enroll cmpv2: ca-secret-file', async () => {
    await keyFor('c1');
    const c = await pkicfg(
      `request security pki local-certificate enroll cmpv2 certificate-id c1 ca-profile CMP ca-secret-file ${join(dir, 'cmp-secret')} ca-reference 51899 subject CN=c1.example.net`.split(
        ' ',
      ),
      device,
    );
    expect(c.stdout + c.stderr).not.toContain(CMP_SECRET);
    expect(c.stderr).toBe('');
    expect(c.stdout).toContain('Local certificate c1 loaded successfully');
    expect(c.code).toBe(0);
  }, 60_000);

  test('ca serve --challenge S: one warning that does not show S', async () => {
    const p = spawn(
      process.execPath,
      [MAIN, 'ca', 'serve', '--port', '0', '--state', join(dir, 'ca2'), '--challenge', CHALLENGE, '--quiet'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let o = '';
    let e = '';
    p.stdout!.on('data', (c) => (o += c));
    p.stderr!.on('data', (c) => (e += c));
    try {
      await serveUntil(p, () => o, /SCEP URL/);
      expect(o).toContain('Challenge password: required');
      expect(e).toBe(
        'pkicfg ca serve: warning: --challenge on the command line is visible to other users (ps, /proc/PID/cmdline); use --challenge-file FILE or PKICFG_CA_CHALLENGE\n',
      );
    } finally {
      process.kill(p.pid!, 'SIGTERM');
    }
  }, 30_000);

  const haveTmux = (() => {
    try {
      execFileSync('tmux', ['-V']);
      return true;
    } catch {
      return false;
    }
  })();

  (haveTmux ? test : test.skip)(
    'on a terminal the bare keyword asks "Challenge password:" and does not echo',
    async () => {
      await keyFor('t1');
      const socket = `pkicfg-secret-${process.pid}-${Date.now()}`;
      const tmux = (...a: string[]): string =>
        execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const screen = (): string => {
        try {
          return tmux('capture-pane', '-p', '-J', '-S', '-100', '-t', 'sec');
        } catch {
          return '';
        }
      };
      const waitFor = async (text: string): Promise<string> => {
        for (let i = 0; i < 600; i++) {
          const s = screen();
          if (s.includes(text)) return s;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`timed out waiting for ${text}; screen:\n${screen()}`);
      };
      const cmd = [...enroll('t1', ''), 'challenge-password'].join(' ');
      tmux(
        'new-session',
        '-d',
        '-s',
        'sec',
        '-x',
        '200',
        '-y',
        '50',
        `env PKICFG_STATE=${device.PKICFG_STATE} NO_COLOR=1 node ${MAIN} ${cmd}; echo "rc=$?"; sleep 30`,
      );
      try {
        await waitFor('Challenge password: ');
        tmux('send-keys', '-t', 'sec', '-l', CHALLENGE);
        tmux('send-keys', '-t', 'sec', 'Enter');
        const s = await waitFor('rc=');
        expect(s).toContain('Local certificate t1 enrolled successfully');
        expect(s).toContain('rc=0');
        expect(s).not.toContain(CHALLENGE);
      } finally {
        try {
          tmux('kill-server');
        } catch {
          /* already gone */
        }
      }
    },
    60_000,
  );
});
