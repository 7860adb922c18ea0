/**
 * bench/groups: a groups-heavy configuration (40 groups holding 2,000
 * ca-profiles each way: exact entries and `<pattern>` entries, all applied at
 * the root) parsed, expanded (src/validate/apply-groups.ts) and validated,
 * reported as ratios to a reference measured in the same run: validating the
 * same configuration written without groups (the expanded tree, printed and
 * parsed again), which is the work the groups add to. No target: the figures
 * show what the expansion costs on top of validating what it produces.
 * On demand only:
 *   npm run build && node dist/bench/groups.js [lines]
 */
import { defaultReftree } from '../src/reftree/reftree.js';
import { parseConfig } from '../src/syntax/parse-config.js';
import { printSet } from '../src/syntax/print-set.js';
import { expandGroups } from '../src/validate/apply-groups.js';
import { validateTree } from '../src/validate/validate.js';

const LINES = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10_000);
const GROUPS = 40;
/** Runs per figure: the median of 5 (each run validates fresh trees, so no memo is reused). */
const RUNS = 5;

/** Four lines per ca-profile in one of the groups, and a `<pattern>` entry beside it. */
function generate(n: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const g = `set groups G${i % GROUPS}`;
    const p = `${g} security pki ca-profile CA-${i}`;
    out.push(
      `${p} ca-identity CA-${i}`,
      `${p} enrollment url http://ca${i % 97}.example.com/scep/pkiclient.exe`,
      `${p} enrollment retry ${i % 100}`,
      `${p} revocation-check crl url http://ca${i % 97}.example.com/crl/${i}.crl`,
      `${g} security pki ca-profile <CA-${i % 7}*> enrollment retry-interval 60`,
    );
  }
  const names = Array.from({ length: GROUPS }, (_, i) => `G${i}`).join(' ');
  return out.slice(0, n).join('\n') + `\nset apply-groups [ ${names} ]\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function fail(what: string, ds: readonly unknown[]): never {
  process.stderr.write(`unexpected diagnostics (${what}): ${JSON.stringify(ds.slice(0, 3))}\n`);
  process.exit(1);
}

const rt = defaultReftree();
const text = generate(LINES);
const first = parseConfig(text, 'groups.set', { reftree: rt });
if (first.diagnostics.length) fail('parse', first.diagnostics);
const expanded = expandGroups(first.value.tree, first.value.spans, rt);
if (expanded.inherited.length === 0) fail('nothing inherited', []);
// the reference: the expanded configuration without its groups, as a user would write it by hand
const { '@opaque': _groups, ...flat } = expanded.tree as Record<string, unknown>;
const flatText = printSet(flat as typeof expanded.tree, { reftree: rt });

const t = { parse: [] as number[], expand: [] as number[], validate: [] as number[], ref: [] as number[] };
for (let run = 0; run < RUNS; run++) {
  let t0 = cpu();
  const p = parseConfig(text, 'groups.set', { reftree: rt });
  t.parse.push(cpu() - t0);
  t0 = cpu();
  expandGroups(p.value.tree, p.value.spans, rt);
  t.expand.push(cpu() - t0);
  const q = parseConfig(text, 'groups.set', { reftree: rt });
  t0 = cpu();
  const ds = validateTree(q.value.tree, q.value.spans);
  t.validate.push(cpu() - t0);
  if (ds.length) fail('validate', ds);
  const r = parseConfig(flatText, 'flat.set', { reftree: rt });
  t0 = cpu();
  const rs = validateTree(r.value.tree, r.value.spans);
  t.ref.push(cpu() - t0);
  if (rs.length) fail('validate (reference)', rs);
}
const ref = median(t.ref);
const fig = (k: keyof typeof t): string =>
  `median ${median(t[k]).toFixed(0)} ms CPU [${t[k].map((x) => x.toFixed(0)).join(', ')}]; ratio ${(median(t[k]) / ref).toFixed(2)}x`;
process.stdout.write(
  `group lines: ${LINES}, groups: ${GROUPS}, inherited statements: ${expanded.inherited.length}\n` +
    `reference (validate of the same configuration without groups, ${flatText.split('\n').length - 1} lines): median ${ref.toFixed(0)} ms CPU\n` +
    `parseConfig:  ${fig('parse')}\n` +
    `expandGroups: ${fig('expand')}\n` +
    `validateTree: ${fig('validate')}\n`,
);
