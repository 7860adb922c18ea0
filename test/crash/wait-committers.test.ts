/**
 * Concurrent committers that wait for the lock (`--wait SECONDS`): W worker
 * loops each run C times `pkicfg load merge FILE --commit --wait 120` with a
 * statement of their own, all at once against one state directory. Nothing
 * is lost (every statement is in the active configuration, the history has
 * W x C commits, each worker's in its order) and nothing is refused (every
 * command exits 0). PKICFG_WAIT_WORKERS x PKICFG_WAIT_COMMITS, default 4 x 25;
 * `npm run test:reliability` runs 8 x 100. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../../src/commit/store.js';
import type { ConfigObject } from '../../src/tree/config-tree.js';

const WORKERS = Number(process.env.PKICFG_WAIT_WORKERS ?? 4);
const COMMITS = Number(process.env.PKICFG_WAIT_COMMITS ?? 25);
const CLI = resolve('dist/src/cli/main.js');
const built = existsSync(CLI);

function pkicfg(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ rc: number | null; err: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (rc) => res({ rc, err }));
  });
}

/** Worker `w`: C commits one after the other; the failures (rc != 0) it saw. */
async function worker(dir: string, w: number): Promise<string[]> {
  const failures: string[] = [];
  const env = { ...process.env, PKICFG_STATE: undefined, USER: `w${w}` };
  for (let n = 1; n <= COMMITS; n++) {
    const file = join(dir, `w${w}-${n}.set`);
    writeFileSync(file, `set security pki ca-profile W${w}-${n} ca-identity CA-${w}-${n}\n`);
    const r = await pkicfg(
      [
        'load',
        'merge',
        file,
        '--commit',
        '--wait',
        '120',
        '--comment',
        `W${w}-${n}`,
        '--state',
        join(dir, 'state'),
      ],
      env,
    );
    if (r.rc !== 0) failures.push(`W${w}-${n}: exit ${r.rc}: ${r.err.trim()}`);
  }
  return failures;
}

(built ? test : test.skip)(
  `--wait: ${WORKERS} x ${COMMITS} concurrent committers, none lost, none refused`,
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pkicfg-wait-'));
    try {
      const failures = (await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(dir, w)))).flat();
      expect(failures).toEqual([]);
      const store = new Store(join(dir, 'state'));
      const h = store.history().reverse();
      expect(h).toHaveLength(WORKERS * COMMITS);
      expect(h.map((r) => r.seq)).toEqual(h.map((_, i) => i + 1));
      const profiles = ((store.active().security as ConfigObject).pki as ConfigObject)[
        'ca-profile'
      ] as ConfigObject;
      for (let w = 0; w < WORKERS; w++) {
        const mine = h.filter((r) => r.comment?.startsWith(`W${w}-`)).map((r) => r.comment);
        expect(mine).toEqual(Array.from({ length: COMMITS }, (_, i) => `W${w}-${i + 1}`));
        for (let n = 1; n <= COMMITS; n++)
          expect((profiles[`W${w}-${n}`] as ConfigObject | undefined)?.['ca-identity']).toBe(`CA-${w}-${n}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  // each command is a node start-up, waiting its turn behind the others
  120_000 + WORKERS * COMMITS * 1_500,
);
