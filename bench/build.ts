/**
 * bench/build: what `npm start` pays before the demo runs. It builds the
 * shipped bundle (`node scripts/bundle.mjs`: esbuild, the ajv checks
 * precompiled, one line saying what it does); before the bundle it ran tsc's
 * whole-project build, which is the reference here: both run as whole
 * processes, interleaved, and the bundle's time is reported as a ratio to
 * tsc's and against the bound (<= 3 s). Both rewrite their own output
 * (dist/bundle, dist/src) with what is already there. On demand only:
 *   npm run build && node dist/bench/build.js [N=3]
 */
import { spawnSync } from 'node:child_process';

const N = Number(process.argv[2] ?? 3) || 3;
const BOUND_MS = 3000;

function wall(cmd: string, args: readonly string[]): { ms: number; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return { ms, out: r.stdout };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bundle: number[] = [];
const tsc: number[] = [];
let said = '';
for (let i = 0; i < N; i++) {
  const b = wall('node', ['scripts/bundle.mjs']);
  bundle.push(b.ms);
  said = b.out.trim();
  tsc.push(wall('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']).ms);
}
const mb = median(bundle);
const mt = median(tsc);
console.log(`bench/build: ${N} runs each, interleaved, medians (node ${process.version})`);
console.log(`what npm start prints first: ${said}`);
console.log(
  `bundle ${(mb / 1000).toFixed(2)} s  tsc build ${(mt / 1000).toFixed(2)} s  ratio ${(mb / mt).toFixed(2)}x  (bound <= ${BOUND_MS / 1000} s${mb <= BOUND_MS ? '' : ', NOT MET'})`,
);
