/**
 * bench/parse-bounds: the inputs at the edge of the parsers' bounds
 * (src/syntax/input-limits.ts), each parsed and validated in a fresh child
 * process so that its peak memory is its own:
 * - one set line of 10,000, 40,000 and 1,500,000 words in an unmodelled
 *   hierarchy (`protocols bgp group ...`): linear, target <= 1 s per MB;
 * - a curly file nested 500 blocks deep: a NESTING_TOO_DEEP diagnostic, never
 *   a stack overflow, in the same time bound.
 * Reported: CPU time of parseConfig + validateTree (median of 3 runs in the
 * child, after one untimed run), seconds per MB of input, max RSS, and the ratio to JSON.parse of a
 * JSON text of the same size (an array of the same words), timed in the same
 * child. On demand only:
 *   npm run build && node dist/bench/parse-bounds.js
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultReftree } from '../src/reftree/reftree.js';
import { parseConfig } from '../src/syntax/parse-config.js';
import { validateTree } from '../src/validate/validate.js';

const RUNS = 3;

interface Case {
  readonly name: string;
  readonly file: string;
  readonly text: () => string;
  /** A JSON text of about the same size, for the reference. */
  readonly json: () => string;
  /** The diagnostic code the case must produce, if any. */
  readonly expect?: string;
}

const words = (n: number): string[] => Array.from({ length: n }, (_, i) => `w${i}`);

function setLine(n: number): Case {
  return {
    name: `set line of ${n.toLocaleString('en-US')} words`,
    file: 'bounds.set',
    text: () => `set protocols bgp group ${words(n).join(' ')}\n`,
    json: () => JSON.stringify(words(n)),
  };
}

function nested(depth: number): Case {
  return {
    name: `curly nested ${depth} deep`,
    file: 'bounds.conf',
    text: () => {
      const open: string[] = [];
      for (let i = 0; i < depth; i++) open.push(`${'    '.repeat(i)}n${i} {`);
      const close: string[] = [];
      for (let i = depth - 1; i >= 0; i--) close.push(`${'    '.repeat(i)}}`);
      return `protocols {\n${open.join('\n')}\n${'    '.repeat(depth)}leaf x;\n${close.join('\n')}\n}\n`;
    },
    // the same nesting as JSON objects, indented the same way (about as large)
    json: () => {
      let o: unknown = { leaf: 'x' };
      for (let i = depth - 1; i >= 0; i--) o = { [`n${i}`]: o };
      return JSON.stringify({ protocols: o }, null, 4);
    },
    expect: 'NESTING_TOO_DEEP',
  };
}

const CASES: readonly Case[] = [setLine(10_000), setLine(40_000), setLine(1_500_000), nested(500)];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Result {
  readonly bytes: number;
  readonly ms: number;
  readonly jsonBytes: number;
  readonly jsonMs: number;
  readonly maxRssMb: number;
  readonly codes: string[];
}

/** In the child: one case, printed as JSON on stdout. */
function runCase(c: Case): void {
  const rt = defaultReftree();
  const text = c.text();
  const json = c.json();
  const times: number[] = [];
  const jsonTimes: number[] = [];
  let codes: string[] = [];
  // one untimed run first: the first parse of a process pays for compiling the
  // parser's code, which a 60 KB input would otherwise mostly measure
  validateTree(parseConfig(text, c.file, { reftree: rt }).value.tree);
  for (let run = 0; run < RUNS; run++) {
    let t0 = cpu();
    JSON.parse(json);
    jsonTimes.push(cpu() - t0);
    t0 = cpu();
    const r = parseConfig(text, c.file, { reftree: rt });
    const ds = [...r.diagnostics, ...validateTree(r.value.tree, r.value.spans)];
    times.push(cpu() - t0);
    codes = [...new Set(ds.map((d) => d.code))];
  }
  const out: Result = {
    bytes: Buffer.byteLength(text),
    ms: median(times),
    jsonBytes: Buffer.byteLength(json),
    jsonMs: median(jsonTimes),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    codes,
  };
  process.stdout.write(JSON.stringify(out));
}

const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0) {
  runCase(CASES[Number(process.argv[caseArg + 1])]);
} else {
  const self = fileURLToPath(import.meta.url);
  let worst = 0;
  for (let i = 0; i < CASES.length; i++) {
    const c = CASES[i];
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', self, '--case', String(i)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) {
      process.stdout.write(
        `${c.name}: FAILED (exit ${r.status}, ${r.signal ?? ''})\n${r.stderr.slice(-2000)}\n`,
      );
      worst = Infinity;
      continue;
    }
    const x = JSON.parse(r.stdout) as Result;
    const mb = x.bytes / 1e6;
    const perMb = x.ms / 1000 / mb;
    // JSON.parse of an equally large input: its time scaled to this input's size
    const ref = x.jsonMs * (x.bytes / x.jsonBytes);
    worst = Math.max(worst, perMb);
    const expected = c.expect === undefined || x.codes.includes(c.expect);
    process.stdout.write(
      `${c.name}: ${mb.toFixed(2)} MB, ${x.ms.toFixed(0)} ms CPU (median of ${RUNS}), ` +
        `${perMb.toFixed(3)} s/MB, max RSS ${x.maxRssMb.toFixed(0)} MB, ` +
        `${(x.ms / Math.max(ref, 0.01)).toFixed(1)}x JSON.parse of ${(x.jsonBytes / 1e6).toFixed(2)} MB` +
        `${x.codes.length ? `; diagnostics: ${x.codes.join(', ')}` : ''}${expected ? '' : ` (expected ${c.expect})`}\n`,
    );
    if (!expected) worst = Infinity;
  }
  process.stdout.write(
    `worst: ${worst === Infinity ? 'a case failed' : `${worst.toFixed(3)} s/MB`} (target <= 1 s/MB) — ${worst <= 1 ? 'met' : 'NOT met'}\n`,
  );
}
