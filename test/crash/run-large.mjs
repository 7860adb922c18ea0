// `npm run test:reliability`: the reliability suite at the large sizes, outside
// `npm test` (which runs the same files at the CI sizes). Each part runs in its
// own jest process under /usr/bin/time -v when available; prints one line per
// part: the command, the count, the wall time and the max RSS, and exits 1 if
// a part failed. Sizes: PKICFG_CRASH_KILLS (1000), PKICFG_FUZZ_RUNS (1000000),
// PKICFG_WAIT_WORKERS x PKICFG_WAIT_COMMITS (8 x 100); PKICFG_RELIABILITY_ONLY
// = crash,fuzz,wait picks parts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = (k, d) => process.env[k] ?? d;
const PARTS = [
  {
    name: 'crash',
    file: 'test/crash/crash.test.ts',
    vars: { PKICFG_CRASH_KILLS: env('PKICFG_CRASH_KILLS', '1000') },
    count: (v) => `${v.PKICFG_CRASH_KILLS} SIGKILLs`,
  },
  {
    name: 'fuzz',
    file: 'test/property/parse-total.property.test.ts',
    vars: {
      PKICFG_FUZZ_RUNS: env('PKICFG_FUZZ_RUNS', '1000000'),
      PKICFG_FUZZ_DEPTH: env('PKICFG_FUZZ_DEPTH', '100'),
      PKICFG_FUZZ_WORDS: env('PKICFG_FUZZ_WORDS', '2000'),
    },
    count: (v) =>
      `${v.PKICFG_FUZZ_RUNS} inputs (depth <= ${v.PKICFG_FUZZ_DEPTH}, lines <= ${v.PKICFG_FUZZ_WORDS} words)`,
  },
  {
    name: 'wait',
    file: 'test/crash/wait-committers.test.ts',
    vars: {
      PKICFG_WAIT_WORKERS: env('PKICFG_WAIT_WORKERS', '8'),
      PKICFG_WAIT_COMMITS: env('PKICFG_WAIT_COMMITS', '100'),
    },
    count: (v) => `${v.PKICFG_WAIT_WORKERS} x ${v.PKICFG_WAIT_COMMITS} commits`,
  },
];
const only = process.env.PKICFG_RELIABILITY_ONLY?.split(',');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

let failed = 0;
const rows = [];
for (const part of PARTS) {
  if (only && !only.includes(part.name)) continue;
  const jest = ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--maxWorkers=1', part.file];
  const shown = `${Object.entries(part.vars)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')} node ${jest.join(' ')}`;
  process.stderr.write(`\n== ${part.name}: ${shown}\n`);
  const t0 = Date.now();
  const r = TIME
    ? spawnSync(TIME, ['-v', process.execPath, ...jest], {
        env: { ...process.env, ...part.vars },
        stdio: ['ignore', 'inherit', 'pipe'],
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      })
    : spawnSync(process.execPath, jest, { env: { ...process.env, ...part.vars }, stdio: 'inherit' });
  const seconds = (Date.now() - t0) / 1000;
  let rss = 'n/a';
  if (TIME) {
    // jest's output goes first, /usr/bin/time's report last
    const at = r.stderr.lastIndexOf('\tCommand being timed:');
    process.stderr.write(at >= 0 ? r.stderr.slice(0, at) : r.stderr);
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
    if (kb) rss = `${Math.round(Number(kb) / 1024)} MB`;
  }
  if (r.status !== 0) failed++;
  rows.push(
    `${part.name}: ${part.count(part.vars)}, ${seconds.toFixed(0)} s, max RSS ${rss}, ${r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`}\n  command: ${shown}`,
  );
}
process.stdout.write(`\nreliability suite (max RSS: the largest process of the run):\n${rows.join('\n')}\n`);
process.exit(failed ? 1 : 0);
