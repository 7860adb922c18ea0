// Long lines cost their length, not its square. A span key per prefix of a
// set line made 20k words take 23 s and 3 GB; many-word curly and JSON
// headers copied their words for each child. Each input of 100k words is
// parsed in a child process whose heap is capped at 256 MB: linear costs fit
// in it many times over, quadratic ones run out of memory. No clock is read,
// so a loaded machine cannot decide the outcome (bench/ measures the time).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const PARSER = pathToFileURL(resolve('dist/src/syntax/parse-config.js')).href;

const INPUTS: Record<string, string> = {
  'set line (unmodelled)': `const t = 'set interfaces ' + W + '\\nset interfaces ' + W + ' z\\n', s = 'f.set';`,
  'set line (unknown top level)': `const t = 'set ' + W + '\\n', s = 'f.set';`,
  'curly header with children': `const t = 'interfaces {\\n x ' + W + ' {\\n' + C.map((c) => '  ' + c + ';').join('\\n') + '\\n }\\n}\\n', s = 'f.conf';`,
  'JSON member of many words with children': `const t = JSON.stringify({ configuration: { interfaces: { ['x ' + W]: Object.fromEntries(C.map((c) => [c, [null]])) } } }), s = 'f.json';`,
};

test.each(Object.keys(INPUTS))(
  '%s: 100k words parse within a 256 MB heap',
  (name) => {
    const script = `
      const { parseConfig } = await import(${JSON.stringify(PARSER)});
      const n = 100000;
      const W = Array.from({ length: n }, (_, i) => 'w' + i).join(' ');
      const C = Array.from({ length: n / 10 }, (_, i) => 'c' + i);
      ${INPUTS[name]}
      const r = parseConfig(t, s);
      // a read of the spans forces the lazily recorded ones (a diagnostic would)
      r.value.spans.get(['interfaces']);
      process.stdout.write('ok ' + r.diagnostics.filter((d) => d.severity === 'error').length);
    `;
    const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(r.stderr).not.toMatch(/heap out of memory|FATAL/);
    expect(r.stdout).toBe('ok 0');
  },
  120_000,
);
