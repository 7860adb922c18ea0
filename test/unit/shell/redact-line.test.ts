// Secrets typed in the shell never reach the history file or the echo of a
// failing script line in clear (src/shell/redact-line.ts), and an unmodelled
// secret loaded in the shell is stored and shown as $9$.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { shellCommand } from '../../../src/cli/commands/shell.js';
import { defaultLanguage } from '../../../src/commit/default-language.js';
import { openStore } from '../../../src/commit/store.js';
import { runInteractive } from '../../../src/shell/run-shell.js';
import { languagePort } from '../../../src/shell/shell-language.js';
import { StoreBackend } from '../../../src/shell/store-backend.js';
import { opPort } from '../../../src/shell/op-port.js';
import { defaultOpTree } from '../../../src/op/commands.js';
import { decrypt9 } from '../../../src/syntax/secret.js';
import { makeRealShell } from './real.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-redact-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function shell(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await shellCommand(args, {
    stdout: out,
    stderr: err,
    stdin: Readable.from([stdin]),
    env: { USER: 'ops' },
  });
  return { code, out: o, err: e };
}

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const CONFIG_SECRET = 'Chall3ngeXyz';
const CMP_SECRET = 'CmpS3cretQq';
const PSK = 'PskPl4inText';
const LINES = [
  'configure',
  `set security pki auto-re-enrollment certificate-id C challenge-password ${CONFIG_SECRET}`,
  'edit security ike policy P',
  `set pre-shared-key ascii-text "${PSK}"`,
  'top',
  // fails on `bogus`: never sent to a CA, but typed, so in the history
  `run request security pki local-certificate enroll cmpv2 ca-profile X certificate-id C ca-secret ${CMP_SECRET} ca-reference 1 bogus`,
  'exit',
  // the op form with a challenge password (fails: no such profile)
  `request security pki local-certificate enroll scep certificate-id C ca-profile NOPE challenge-password ${CONFIG_SECRET}2 bogus`,
  'exit',
];

test('the history file of an interactive session holds no secret in clear', async () => {
  const state = join(dir, 'interactive');
  const store = openStore(state, { durable: false });
  const env = {
    user: 'ops',
    hostname: 'r1',
    backend: new StoreBackend({ store, language: defaultLanguage(), terminal: 'pts/0' }),
    language: languagePort(),
    op: opPort({
      tree: defaultOpTree(),
      stateDir: state,
      cwd: dir,
      env: {},
      interactive: true,
      activeConfig: () => store.active(),
    }),
  };
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { columns: 200, rows: 1000 });
  let screen = '';
  output.on('data', (c: Buffer) => (screen += c.toString()));
  const history = join(state, 'shell_history');
  const done = runInteractive(env, input, output, history);
  // one line per prompt: keys typed before the editor reads them would be lost
  for (let i = 0; i < LINES.length; i++) {
    const prompts = (): number => screen.split(/ops@r1[>#] /).length - 1;
    for (let n = 0; n < 400 && prompts() <= i; n++) await new Promise((r) => setTimeout(r, 10));
    input.write(LINES[i] + '\r');
    if (i === 6) {
      // leaving configuration mode with uncommitted changes asks first
      for (let n = 0; n < 400 && !screen.includes('[yes,no]'); n++)
        await new Promise((r) => setTimeout(r, 10));
      input.write('yes\r');
    }
  }
  expect(await done).toBe(0);
  const text = readFileSync(history, 'utf8');
  expect(text.split('\n').filter(Boolean)).toHaveLength(LINES.length);
  for (const s of [CONFIG_SECRET, CMP_SECRET, PSK]) expect(text).not.toContain(s);
  // a configuration secret becomes the $9$ Junos shows (recalling the line sets the same secret)
  const m = /challenge-password "(\$9\$[^"]+)"/.exec(text);
  expect(m && decrypt9(m[1])).toBe(CONFIG_SECRET);
  expect(text).toMatch(/ascii-text "\$9\$/);
  expect(text).toContain('ca-secret ****** ca-reference 1 bogus');
  expect(text).toContain('challenge-password ****** bogus');
});

test('shell -c shows a failing line with its secrets masked, the caret still under the error', async () => {
  const r = await shell([
    '--state',
    join(dir, 'script'),
    '-c',
    `configure; set security pki auto-re-enrollment certificate-id C challenge-password ${CONFIG_SECRET} bogus; run request security pki local-certificate enroll cmpv2 ca-profile X certificate-id C ca-secret ${CMP_SECRET} ca-reference 1 bogus`,
  ]);
  expect(r.code).toBe(1);
  expect(r.err).not.toContain(CONFIG_SECRET);
  expect(r.err).not.toContain(CMP_SECRET);
  const lines = r.err.split('\n');
  expect(lines[0]).toMatch(
    /# set security pki auto-re-enrollment certificate-id C challenge-password \*\*\*\*\*\* bogus$/,
  );
  expect(lines[1].indexOf('^')).toBe(lines[0].indexOf('bogus'));
  expect(lines[3]).toMatch(/ ca-secret \*\*\*\*\*\* ca-reference 1 bogus$/);
  expect(lines[4].indexOf('^')).toBe(lines[3].indexOf('bogus'));
});

test('an unmodelled secret (bgp authentication-key) is stored in STATE and shown as $9$', async () => {
  const state = join(dir, 'bgp');
  const r = await shell(
    ['--state', state],
    'configure\nload merge terminal\nprotocols { bgp { group G { authentication-key "B4dKeyZz"; } } }\n^D\ncommit\nshow\nshow | display set\n',
  );
  expect(r.err).toBe('');
  expect(r.out).not.toContain('B4dKeyZz');
  expect(r.out).toMatch(/authentication-key "\$9\$[^"]+"; ## SECRET-DATA/);
  const m = /set protocols bgp group G authentication-key "(\$9\$[^"]+)"/.exec(r.out);
  expect(m && decrypt9(m[1])).toBe('B4dKeyZz');
  const stored = filesUnder(state).map((f) => readFileSync(f, 'utf8'));
  expect(stored.some((t) => t.includes('B4dKeyZz'))).toBe(false);
  expect(stored.some((t) => t.includes(m![1]))).toBe(true);
});

describe('property: redaction never leaves a secret of a line', () => {
  const real = makeRealShell('real');
  afterAll(() => real.cleanup());
  // statements from the schema and the secrets table, in configuration mode and as op commands
  const templates = [
    'set security pki auto-re-enrollment certificate-id <N> challenge-password <S>',
    'set security pki auto-re-enrollment scep certificate-id <N> ca-profile-name <N> challenge-password <S> re-generate-keypair',
    'set security pki ca-profile <N> revocation-check crl url <N> password <S>',
    'set security ike policy <N> pre-shared-key ascii-text <S>',
    'set security ike policy <N> pre-shared-key hexadecimal <S>',
    'set protocols bgp group <N> neighbor <N> authentication-key <S>',
    'set system radius-server <N> secret <S>',
    'set system ntp authentication-key <N> type md5 value <S>',
    'set snmp v3 usm local-engine user <N> authentication-sha authentication-password <S>',
    'set groups <N> protocols ospf area <N> interface <N> authentication md5 <N> key <S>',
    'set securty pki auto-re-enrollment certificate-id <N> challenge-password <S>',
    'run request security pki local-certificate enroll cmpv2 ca-profile <N> certificate-id <N> ca-secret <S> ca-reference <N>',
    'run request security pki local-certificate enroll scep ca-profile <N> certificate-id <N> challenge-password <S>',
  ];
  const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,10}$/);
  // secrets with blanks, quotes and backslashes need quoting; at least 4 characters, so
  // that a secret is not a word of the line by chance
  const secret = fc
    .string({ minLength: 4, maxLength: 16 })
    .filter((s) => !/[\n\r|]/.test(s) && s.trim() === s);
  const quoteWord = (s: string): string =>
    /^[A-Za-z0-9._:/-]+$/.test(s) ? s : `"${s.replace(/[\\"]/g, (c) => '\\' + c)}"`;

  test.each(['masked', 'stored'] as const)('%s', async (form) => {
    await real.sh.execute('configure');
    fc.assert(
      fc.property(fc.constantFrom(...templates), word, secret, (t, name, s) => {
        fc.pre(!t.includes(s) && !name.includes(s) && !s.includes(name));
        const line = t.replace(/<N>/g, name).replace('<S>', quoteWord(s));
        const text = real.sh.redact(line, form).text;
        return !text.includes(s) && !text.includes(quoteWord(s));
      }),
      { numRuns: 300 },
    );
  });
});
