/**
 * bench/csr: key generation + PKCS#10 request for RSA-2048 and ECDSA P-256,
 * pkicfg against `openssl req -new -newkey ... -nodes` doing the same work,
 * interleaved in the same run. Two comparisons per algorithm:
 *   library  generateKeyPair + buildCsr in this process, vs one openssl process;
 *   cli      `pkicfg request security pki generate-key-pair` + `generate-certificate-request`
 *            (two node processes on a fresh state dir), vs one openssl process.
 * Reports medians (ms) and the ratio pkicfg / openssl. Run on demand:
 *   npm run build && node scripts/bundle.mjs && node dist/bench/csr.js [N=15]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCsr } from '../src/pki/csr.js';
import { NO_ALT_NAMES } from '../src/pki/extensions.js';
import { generateKeyPair, type KeySpec } from '../src/pki/key-pair.js';

const N = Number(process.argv[2] ?? 15);
// the shipped bundle (what `pkicfg` runs) when built (node scripts/bundle.mjs), else tsc's build
const MAIN = existsSync(resolve('dist/bundle/main.js'))
  ? resolve('dist/bundle/main.js')
  : resolve('dist/src/cli/main.js');
const SUBJECT = {
  attributes: [
    { type: 'CN', value: 'bench.example.net' },
    { type: 'O', value: 'Acme' },
  ],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.toString()}`);
}

interface Alg {
  readonly name: string;
  readonly spec: KeySpec;
  readonly newkey: string[];
  readonly cli: string[];
}

const ALGS: Alg[] = [
  {
    name: 'RSA-2048',
    spec: { type: 'rsa', size: 2048 },
    newkey: ['-newkey', 'rsa:2048'],
    cli: ['size', '2048', 'type', 'rsa'],
  },
  {
    name: 'ECDSA P-256',
    spec: { type: 'ecdsa', size: 256 },
    newkey: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    cli: ['size', '256', 'type', 'ecdsa'],
  },
];

const dir = mkdtempSync(join(tmpdir(), 'pkicfg-bench-csr-'));
try {
  console.log(`bench/csr: ${N} runs each, medians in ms (node ${process.version})`);
  for (const alg of ALGS) {
    const lib: number[] = [];
    const cli: number[] = [];
    const ossl: number[] = [];
    for (let i = 0; i < N; i++) {
      ossl.push(
        time(() =>
          run('openssl', [
            'req',
            '-new',
            ...alg.newkey,
            '-nodes',
            '-keyout',
            join(dir, 'o.key'),
            '-out',
            join(dir, 'o.csr'),
            '-subj',
            '/CN=bench.example.net/O=Acme',
          ]),
        ),
      );
      lib.push(
        time(() => {
          const key = generateKeyPair(alg.spec);
          const csr = buildCsr({ key, subject: SUBJECT, altNames: NO_ALT_NAMES });
          if (!csr.value) throw new Error(JSON.stringify(csr.diagnostics));
        }),
      );
      const state = join(dir, `s${i}-${alg.spec.type}`);
      cli.push(
        time(() => {
          run('node', [
            MAIN,
            'request',
            'security',
            'pki',
            'generate-key-pair',
            'certificate-id',
            'b',
            ...alg.cli,
            '--state',
            state,
          ]);
          run('node', [
            MAIN,
            'request',
            'security',
            'pki',
            'generate-certificate-request',
            'certificate-id',
            'b',
            'subject',
            'CN=bench.example.net,O=Acme',
            '--state',
            state,
          ]);
        }),
      );
    }
    const o = median(ossl);
    const l = median(lib);
    const c = median(cli);
    console.log(
      `${alg.name.padEnd(12)} openssl req ${o.toFixed(1).padStart(7)}  pkicfg library ${l.toFixed(1).padStart(7)} (ratio ${(l / o).toFixed(2)})  pkicfg cli ${c.toFixed(1).padStart(7)} (ratio ${(c / o).toFixed(2)})`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
