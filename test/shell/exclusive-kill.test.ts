/**
 * A `configure exclusive` session killed with SIGKILL (no chance to clean up)
 * leaves no trace for the next user: Junos discards an exclusive session's
 * uncommitted changes when the session ends, however it ends. The session runs
 * on a real pseudo-terminal (tmux, as in pty.test.ts). Needs `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/commit/store.js';

const MAIN = join(process.cwd(), 'dist/src/cli/main.js');
const SOCKET = `pkicfg-excl-${process.pid}-${Date.now()}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitFor(pred: () => boolean, what: string, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
}

function screen(): string {
  try {
    return tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', 'ex');
  } catch {
    return '';
  }
}

function pkicfg(state: string, ...args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [MAIN, ...args, '--state', state], {
      encoding: 'utf8',
      env: { ...process.env, USER: 'next' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout + x.stderr };
  }
}

const haveTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

(haveTmux && existsSync(MAIN) ? test : test.skip)(
  'SIGKILL of a configure exclusive shell: its uncommitted edits are discarded, never committed',
  async () => {
    const state = mkdtempSync(join(tmpdir(), 'pkicfg-excl-'));
    try {
      expect(
        pkicfg(state, 'shell', '-c', 'configure; set security pki ca-profile BASE ca-identity BASE; commit')
          .code,
      ).toBe(0);
      tmux(
        'new-session',
        '-d',
        '-s',
        'ex',
        '-x',
        '132',
        '-y',
        '50',
        `env USER=admin TERM=xterm NO_COLOR=1 node ${MAIN} shell --state ${state}`,
      );
      await waitFor(() => /admin@\S+> $/m.test(screen()), 'the operational prompt');
      tmux('send-keys', '-t', 'ex', '-l', 'configure exclusive');
      tmux('send-keys', '-t', 'ex', 'Enter');
      await waitFor(
        () => screen().includes('uncommitted changes will be discarded on exit'),
        'exclusive mode',
      );
      tmux('send-keys', '-t', 'ex', '-l', 'set security pki ca-profile STRAY ca-identity STRAY');
      tmux('send-keys', '-t', 'ex', 'Enter');
      tmux('send-keys', '-t', 'ex', '-l', 'show | compare');
      tmux('send-keys', '-t', 'ex', 'Enter');
      await waitFor(() => screen().includes('+    ca-profile STRAY'), 'the edit in the candidate');
      const lock = JSON.parse(readFileSync(join(state, 'config', 'lock'), 'utf8')) as {
        pid: number;
        mode: string;
      };
      expect(lock.mode).toBe('exclusive');
      expect(readFileSync(join(state, 'config', 'candidate.json'), 'utf8')).toContain('STRAY');
      process.kill(lock.pid, 'SIGKILL');
      await waitFor(() => {
        try {
          process.kill(lock.pid, 0);
          return false;
        } catch {
          return true;
        }
      }, 'the shell to die');

      // the next user sees no uncommitted changes, and a commit does not make STRAY live
      expect(pkicfg(state, 'compare')).toEqual({ code: 0, out: '' });
      const s = pkicfg(state, 'shell', '-c', 'configure; status; commit');
      expect(s.code).toBe(0);
      expect(s.out).not.toContain('changed but not committed');
      expect(JSON.stringify(new Store(state).active())).not.toContain('STRAY');
      expect(JSON.stringify(new Store(state).active())).toContain('BASE');
      expect(existsSync(join(state, 'config', 'candidate.json'))).toBe(false);
      // and a new exclusive session may start (the candidate is not "modified")
      expect(
        pkicfg(
          state,
          'shell',
          '-c',
          'configure exclusive; set security pki ca-profile C ca-identity C; commit',
        ).code,
      ).toBe(0);
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // the server ended with the killed shell
      }
      rmSync(state, { recursive: true, force: true });
    }
  },
);
