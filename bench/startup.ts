/**
 * bench/startup: what a user waits for, whole processes of the shipped bundle
 * (dist/bundle/main.js, `node scripts/bundle.mjs`), each row beside its
 * reference measured interleaved in the same run; medians (ms) and ratios:
 *   validate of a one-line set file       vs `node -e 0` (node's own start)
 *   ECDSA P-256 key pair (generate-key-pair) vs `openssl genpkey`
 *   key + CSR (generate-key-pair, then generate-certificate-request: two processes)
 *                                          vs one `openssl req -new -newkey ... -nodes`, RSA-2048 and P-256
 * and each row beside `node -e 0` too (per pkicfg process): node's own start is the floor of
 * any node process, and it alone is several times an openssl run.
 * Run on demand:  npm run build && node scripts/bundle.mjs && node dist/bench/startup.js [N=11] [MAIN]
 * MAIN (default dist/bundle/main.js) names another bundle's main.js, so that two builds
 * (before and after a change) can be measured alternately on the same machine state.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const N = Number(process.argv[2] ?? 11);
const MAIN = resolve(process.argv[3] ?? 'dist/bundle/main.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function run(cmd: string, args: string[], okCodes: readonly number[] = [0]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (!okCodes.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.toString()}`);
  return ms;
}

interface Row {
  readonly name: string;
  readonly ref: string;
  readonly target: number;
  /** One measurement of pkicfg (i: run index, for fresh names). */
  readonly pkicfg: (i: number) => number;
  readonly reference: () => number;
  /** How many pkicfg processes one measurement starts (for the per-process ratio to `node -e 0`). */
  readonly procs: number;
}

const dir = mkdtempSync(join(tmpdir(), 'pkicfg-bench-startup-'));
const oneLine = join(dir, 'one.set');
writeFileSync(oneLine, 'set security pki ca-profile a ca-identity a\n');
const pki = (state: string, ...words: string[]): number =>
  run('node', [MAIN, 'request', 'security', 'pki', ...words, '--state', state]);
const keyCsr = (state: string, type: string, size: string): number =>
  pki(state, 'generate-key-pair', 'certificate-id', 'b', 'type', type, 'size', size) +
  pki(state, 'generate-certificate-request', 'certificate-id', 'b', 'subject', 'CN=bench.example.net,O=Acme');
const opensslReq = (newkey: string[]): number =>
  run('openssl', [
    'req',
    '-new',
    ...newkey,
    '-nodes',
    '-keyout',
    join(dir, 'o.key'),
    '-out',
    join(dir, 'o.csr'),
    '-subj',
    '/CN=bench.example.net/O=Acme',
  ]);

const ROWS: Row[] = [
  {
    name: 'validate one-line set file',
    ref: 'node -e 0',
    target: 3,
    pkicfg: () => run('node', [MAIN, 'validate', oneLine]),
    reference: () => run('node', ['-e', '0']),
    procs: 1,
  },
  {
    name: 'generate-key-pair ecdsa 256',
    ref: 'openssl genpkey',
    target: 3,
    pkicfg: (i) =>
      pki(join(dir, `k${i}`), 'generate-key-pair', 'certificate-id', 'b', 'type', 'ecdsa', 'size', '256'),
    reference: () =>
      run('openssl', [
        'genpkey',
        '-algorithm',
        'EC',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-out',
        join(dir, 'g.key'),
      ]),
    procs: 1,
  },
  {
    name: 'key + CSR RSA-2048 (2 procs)',
    ref: 'openssl req -newkey rsa:2048',
    target: 2,
    pkicfg: (i) => keyCsr(join(dir, `r${i}`), 'rsa', '2048'),
    reference: () => opensslReq(['-newkey', 'rsa:2048']),
    procs: 2,
  },
  {
    name: 'key + CSR P-256 (2 procs)',
    ref: 'openssl req -newkey ec',
    target: 5,
    pkicfg: (i) => keyCsr(join(dir, `e${i}`), 'ecdsa', '256'),
    reference: () => opensslReq(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']),
    procs: 2,
  },
];

try {
  console.log(`bench/startup: ${N} runs each, interleaved, medians in ms (node ${process.version}, ${MAIN})`);
  for (const row of ROWS) {
    const p: number[] = [];
    const r: number[] = [];
    const n: number[] = [];
    for (let i = 0; i < N; i++) {
      r.push(row.reference());
      p.push(row.pkicfg(i));
      n.push(run('node', ['-e', '0']));
    }
    const mp = median(p);
    const mr = median(r);
    const ratio = mp / mr;
    // what no node process can go below: pkicfg per process against node's own start, same run
    const perNode = mp / row.procs / median(n);
    console.log(
      `${row.name.padEnd(30)} pkicfg ${mp.toFixed(0).padStart(5)}  ${row.ref.padEnd(28)} ${mr.toFixed(0).padStart(5)}  ratio ${ratio.toFixed(2).padStart(6)} (target <= ${row.target}x${ratio <= row.target ? '' : ', NOT MET'}; ${perNode.toFixed(2)}x node -e 0 per process)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
