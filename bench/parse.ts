/**
 * bench/parse: parses a generated 200,000-line set file with parseConfig and
 * reports the time as a ratio to JSON.parse of the same tree's JSON, in the
 * same run (target: at most 4x). Each timed parse is the whole job: a fresh
 * builder, the frozen tree with its metadata, the spans (recorded, indexed on
 * first read) and the diagnostics. With `curly`, also times the same tree
 * printed in the curly format (no target).
 *
 * Then validateTree of each freshly parsed tree (what `validate` does next).
 *
 * Then the whole process, as a user or CI pays it: `pkicfg validate FILE` of the
 * set file (and of the curly file with `curly`) against `node -e` reading the
 * same tree's JSON file with JSON.parse, alternated, medians of wall time
 * (target: at most 3x). `inproc` skips the in-process figures, `noproc` the
 * whole-process ones. On demand only:
 *   npm run build && node dist/bench/parse.js [lines] [curly] [inproc|noproc]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReftree } from '../src/reftree/reftree.js';
import { parseConfig } from '../src/syntax/parse-config.js';
import { printCurly } from '../src/syntax/print-curly.js';
import { validateTree } from '../src/validate/validate.js';

const args = process.argv.slice(2);
const LINES = Number(args.find((a) => /^\d+$/.test(a)) ?? 200_000);
const CURLY = args.includes('curly');
const IN_PROCESS = !args.includes('noproc');
const WHOLE_PROCESS = !args.includes('inproc');
/** Runs per figure: the median of 7 stands a neighbour's burst on a shared machine better than of 5. */
const RUNS = 7;

/** Ten lines per ca-profile, plus auto-re-enrollment entries, as a real large config would have. */
function generate(n: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const p = `set security pki ca-profile CA-${i}`;
    out.push(
      `${p} ca-identity CA-${i}`,
      `${p} enrollment url http://ca${i % 97}.example.com:8080/scep/pkiclient.exe`,
      `${p} enrollment retry ${i % 100}`,
      `${p} enrollment retry-interval ${(i * 7) % 3600}`,
      `${p} revocation-check crl url http://ca${i % 97}.example.com/crl/${i}.crl`,
      `${p} revocation-check crl refresh-interval ${i % 48}`,
      `${p} administrator email-address pki-admin-${i}@example.net`,
      `${p} source-address 192.0.2.${i % 250}`,
      `set security pki auto-re-enrollment scep certificate-id cert-${i} ca-profile-name CA-${i}`,
      `set security pki auto-re-enrollment scep certificate-id cert-${i} re-enroll-trigger-time-percentage ${1 + (i % 99)}`,
    );
  }
  return out.slice(0, n).join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rt = defaultReftree();
const text = generate(LINES);
const first = parseConfig(text, 'bench.set', { reftree: rt });
if (first.diagnostics.length) {
  process.stderr.write(`unexpected diagnostics: ${JSON.stringify(first.diagnostics.slice(0, 3))}\n`);
  process.exit(1);
}
const json = JSON.stringify(first.value.tree);

// CPU time (user + system) of this process: on a shared machine wall time
// mostly measures the neighbours. Both are reported; the ratio uses CPU time.
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
if (IN_PROCESS) inProcess();
if (WHOLE_PROCESS) wholeProcess();

function inProcess(): void {
  const parseTimes: number[] = [];
  const validateTimes: number[] = [];
  const jsonTimes: number[] = [];
  const wall: { parse: number[]; json: number[] } = { parse: [], json: [] };
  for (let run = 0; run < RUNS; run++) {
    let w0 = performance.now();
    let t0 = cpu();
    JSON.parse(json);
    jsonTimes.push(cpu() - t0);
    wall.json.push(performance.now() - w0);
    w0 = performance.now();
    t0 = cpu();
    const parsed = parseConfig(text, 'bench.set', { reftree: rt });
    parseTimes.push(cpu() - t0);
    wall.parse.push(performance.now() - w0);
    // what `validate` does next, on this fresh tree (no memo of an earlier run applies)
    t0 = cpu();
    validateTree(parsed.value.tree, parsed.value.spans);
    validateTimes.push(cpu() - t0);
  }
  const v = median(validateTimes);
  const p = median(parseTimes);
  const j = median(jsonTimes);
  process.stdout.write(
    `set lines: ${LINES} (${(text.length / 1e6).toFixed(1)} MB); tree JSON: ${(json.length / 1e6).toFixed(1)} MB\n` +
      `parseConfig (set): median ${p.toFixed(0)} ms CPU of ${RUNS} runs [${parseTimes.map((x) => x.toFixed(0)).join(', ')}]; wall median ${median(wall.parse).toFixed(0)} ms\n` +
      `JSON.parse:        median ${j.toFixed(0)} ms CPU of ${RUNS} runs [${jsonTimes.map((x) => x.toFixed(0)).join(', ')}]; wall median ${median(wall.json).toFixed(0)} ms\n` +
      `wall-time ratio: ${(median(wall.parse) / median(wall.json)).toFixed(2)}x\n` +
      `ratio: ${(p / j).toFixed(2)}x (target <= 4x) — ${p / j <= 4 ? 'met' : 'NOT met'}\n` +
      `validateTree (fresh tree, after parse): median ${v.toFixed(0)} ms CPU [${validateTimes.map((x) => x.toFixed(0)).join(', ')}]; ` +
      `parse + validate: ${((p + v) / j).toFixed(2)}x JSON.parse (no target: the whole process below has one)\n`,
  );

  if (CURLY) {
    // the same tree in the curly format: the Chevrotain path (slower; no target)
    const curly = printCurly(first.value.tree);
    const check = parseConfig(curly, 'bench.conf', { reftree: rt });
    if (check.diagnostics.length) {
      process.stderr.write(
        `unexpected curly diagnostics: ${JSON.stringify(check.diagnostics.slice(0, 3))}\n`,
      );
      process.exit(1);
    }
    const times: number[] = [];
    const js: number[] = [];
    for (let run = 0; run < 3; run++) {
      let t0 = cpu();
      JSON.parse(json);
      js.push(cpu() - t0);
      t0 = cpu();
      parseConfig(curly, 'bench.conf', { reftree: rt });
      times.push(cpu() - t0);
    }
    const c = median(times);
    process.stdout.write(
      `parseConfig (curly, ${(curly.length / 1e6).toFixed(1)} MB): median ${c.toFixed(0)} ms CPU of 3 runs [${times.map((x) => x.toFixed(0)).join(', ')}]; ` +
        `ratio to JSON.parse: ${(c / median(js)).toFixed(1)}x (no target)\n`,
    );
  }
}

/** Wall time of one child process (ms); exits the bench if it fails. */
function timed(argv: readonly string[], okStatus: number): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== okStatus) {
    process.stderr.write(`${argv.join(' ')}: exit ${r.status}\n${r.stderr.toString().slice(0, 2000)}\n`);
    process.exit(1);
  }
  return ms;
}

function wholeProcess(): void {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-bench-parse-'));
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    // what users run (`bin`: the esbuild bundle) and what the tests run (tsc's modules)
    const mains: [string, string][] = [['bundle', join(here, '..', 'bundle', 'main.js')]].filter(([, m]) =>
      existsSync(m),
    ) as [string, string][];
    mains.push(['tsc build', join(here, '..', 'src', 'cli', 'main.js')]);
    const setFile = join(dir, 'big.set');
    const jsonFile = join(dir, 'big.json');
    writeFileSync(setFile, text);
    writeFileSync(jsonFile, json);
    const files: [string, string][] = [['set', setFile]];
    if (CURLY) {
      const curlyFile = join(dir, 'big.conf');
      writeFileSync(curlyFile, printCurly(first.value.tree));
      files.push(['curly', curlyFile]);
    }
    const readJson = ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(jsonFile)}, 'utf8'))`];
    const ref: number[] = [];
    const runs = new Map<string, number[]>();
    for (let run = 0; run < RUNS; run++) {
      ref.push(timed(readJson, 0));
      for (const [label, main] of mains)
        for (const [k, f] of files) {
          const key = `${k}, ${label}`;
          runs.set(key, [...(runs.get(key) ?? []), timed([main, 'validate', f], 0)]);
        }
    }
    const r = median(ref);
    process.stdout.write(
      `whole process, wall medians of ${RUNS} alternated runs:\n` +
        `  node -e JSON.parse(${(json.length / 1e6).toFixed(1)} MB file): ${r.toFixed(0)} ms [${ref.map((x) => x.toFixed(0)).join(', ')}]\n`,
    );
    for (const [k, xs] of runs) {
      const m = median(xs);
      const target = k.startsWith('set, ')
        ? ` (target <= 3x) — ${m / r <= 3 ? 'met' : 'NOT met'}`
        : ' (no target)';
      process.stdout.write(
        `  pkicfg validate (${k}): ${m.toFixed(0)} ms [${xs.map((x) => x.toFixed(0)).join(', ')}]; ratio ${(m / r).toFixed(2)}x${target}\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
