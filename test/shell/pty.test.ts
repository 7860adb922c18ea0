// Drives `pkicfg shell` on a real pseudo-terminal: a detached tmux session on
// its own socket, keys sent with send-keys, the screen read with capture-pane.
// Needs `npm run build` first (npm test does it) and tmux (CI installs it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(process.cwd(), 'dist/src/cli/main.js');
const SOCKET = `pkicfg-shell-${process.pid}-${Date.now()}`;
let state: string;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function screen(): string {
  try {
    return tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'sh');
  } catch {
    return ''; // the session (and the server) ended
  }
}

async function waitFor(pred: (s: string) => boolean, what: string, ms = 15000): Promise<string> {
  const end = Date.now() + ms;
  let s = '';
  while (Date.now() < end) {
    s = screen();
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
}

const waitText = (text: string, ms?: number) => waitFor((s) => s.includes(text), JSON.stringify(text), ms);
/** Waits until `text` occurs n times on the screen. */
const waitCount = (text: string, n: number) =>
  waitFor((s) => s.split(text).length - 1 >= n, `${n}x ${JSON.stringify(text)}`);

function type(text: string): void {
  tmux('send-keys', '-t', 'sh', '-l', text);
}
function key(...keys: string[]): void {
  tmux('send-keys', '-t', 'sh', ...keys);
}
function clear(): void {
  tmux('clear-history', '-t', 'sh');
  key('C-l');
}

const haveTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

(haveTmux ? describe : describe.skip)('pkicfg shell on a pseudo-terminal (tmux)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error('dist/src/cli/main.js missing: run `npm run build` first');
    state = mkdtempSync(join(tmpdir(), 'pkicfg-pty-'));
    tmux(
      'new-session',
      '-d',
      '-s',
      'sh',
      '-x',
      '132',
      '-y',
      '50',
      `env USER=admin TERM=xterm NO_COLOR=1 node ${MAIN} shell --state ${state}`,
    );
  });

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // the server already exited with the shell
    }
    if (state) rmSync(state, { recursive: true, force: true });
  });

  test('?, TAB, abbreviations, an error, edit-commit-compare-rollback, history, Ctrl-C, exit', async () => {
    await waitFor((s) => /admin@\S+> $/m.test(s), 'the operational prompt', 30000);

    // `?` lists what may follow and keeps the typed line
    type('sh');
    type('?');
    let s = await waitText('Possible completions:');
    expect(s).toMatch(/show\s+Show system information/);
    await waitFor((x) => /admin@\S+> sh$/m.test(x), 'the line redisplayed after ?');

    // TAB completes the unique keyword; Ctrl-C clears the line
    key('C-c');
    type('conf');
    key('Tab');
    await waitFor((x) => /admin@\S+> configure $/m.test(x), 'TAB completion of configure');
    key('Enter');
    await waitText('Entering configuration mode');
    await waitFor((x) => /^\[edit\]\nadmin@\S+# $/m.test(x), 'the [edit] banner and # prompt');

    // space completes keywords, abbreviations are expanded
    clear();
    type('set sec');
    type(' ');
    await waitFor((x) => /# set security $/m.test(x), 'space completion');
    type('pki ca-profile CA1 ca-id CA1');
    key('Enter');
    type('set security pki ca-profile CA1 enrollment url http://ca.example.net/scep');
    key('Enter');

    // `?` after a list keyword offers the existing names
    type('set security pki ca-profile ');
    type('?');
    s = await waitText('<ca-profile-name>');
    expect(s).toMatch(/^ {2}CA1 +Certificate authority profile configuration$/m);
    key('C-c');

    // an error: caret under the bad word, Junos wording
    clear();
    type('set security pky');
    key('Enter');
    s = await waitText('syntax error.');
    const lines = s.split('\n');
    const i = lines.findIndex((l) => l.includes('# set security pky'));
    expect(lines[i + 1].indexOf('^')).toBe(lines[i].indexOf('pky'));

    // commit, change, compare, commit, rollback, compare, commit
    type('commit');
    key('Enter');
    await waitText('commit complete');
    clear();
    type('set security pki ca-profile CA1 ca-identity CA-ONE');
    key('Enter');
    type('show | compare');
    key('Enter');
    s = await waitText('+     ca-identity CA-ONE;');
    expect(s).toContain('[edit security pki ca-profile CA1]');
    expect(s).toContain('-     ca-identity CA1;');
    type('commit comment "rename identity"');
    key('Enter');
    await waitCount('commit complete', 1);
    clear();
    type('rollback 1');
    key('Enter');
    await waitText('load complete');
    type('show | compare');
    key('Enter');
    s = await waitText('+     ca-identity CA1;');
    expect(s).toContain('-     ca-identity CA-ONE;');
    type('commit');
    key('Enter');
    await waitText('commit complete');

    // history: Up recalls the previous line
    clear();
    key('Up');
    await waitFor((x) => /# commit$/m.test(x), 'history recall');
    key('C-c');
    type('run show system commit');
    key('Enter');
    s = await waitText('rename identity');
    expect(s).toMatch(/^0 {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by admin via cli$/m);
    expect(s).toMatch(/^2 {3}/m);

    // leave: exit configuration mode, then the shell
    type('exit');
    key('Enter');
    await waitText('Exiting configuration mode');
    type('show configuration security pki');
    key('Enter');
    await waitText('ca-identity CA1;');
    type('exit');
    key('Enter');
    await waitFor(() => {
      try {
        tmux('has-session', '-t', 'sh');
        return false;
      } catch {
        return true;
      }
    }, 'the shell to exit').catch(() => undefined);
  }, 120000);

  test('history survives the session; Ctrl-D leaves', async () => {
    tmux(
      'new-session',
      '-d',
      '-s',
      'sh',
      '-x',
      '132',
      '-y',
      '50',
      `env USER=admin TERM=xterm NO_COLOR=1 node ${MAIN} shell --state ${state}`,
    );
    await waitFor((s) => /admin@\S+> $/m.test(s), 'the operational prompt', 30000);
    key('Up');
    await waitFor((x) => /admin@\S+> exit$/m.test(x), 'the last line of the previous session');
    key('Up');
    await waitFor((x) => /admin@\S+> show configuration security pki$/m.test(x), 'the line before it');
    key('C-c');
    key('C-d');
    await waitFor(() => {
      try {
        tmux('has-session', '-t', 'sh');
        return false;
      } catch {
        return true;
      }
    }, 'Ctrl-D to end the shell');
  }, 60000);

  test('load merge terminal, a [yes,no] question, the pager', async () => {
    tmux(
      'new-session',
      '-d',
      '-s',
      'sh',
      '-x',
      '100',
      '-y',
      '12',
      `env USER=admin TERM=xterm NO_COLOR=1 node ${MAIN} shell --state ${state}`,
    );
    await waitFor((s) => /admin@\S+> $/m.test(s), 'the operational prompt', 30000);
    type('configure');
    key('Enter');
    await waitText('Entering configuration mode');
    type('load merge terminal');
    key('Enter');
    await waitText('[Type ^D at a new line to end input]');
    type('security { pki { ca-profile LT { ca-identity LT; } } }');
    key('Enter');
    key('C-d');
    await waitText('load complete');
    clear();
    type('show');
    key('Enter');
    await waitFor((x) => /---\(more \d+%\)---/.test(x), 'the pager');
    key('q');
    clear();
    type('exit');
    key('Enter');
    await waitText('Exit with uncommitted changes? [yes,no] (yes)');
    type('no');
    key('Enter');
    await waitFor((x) => /^admin@\S+# $/m.test(x), 'still in configuration mode');
    type('exit configuration-mode');
    key('Enter');
    await waitText('Exit with uncommitted changes?');
    key('Enter');
    await waitText('Exiting configuration mode');
    key('C-d');
  }, 60000);
});
