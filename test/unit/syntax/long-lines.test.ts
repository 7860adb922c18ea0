// Long lines cost their length, not its square: 4x the words must cost well
// under 16x the time (best of three runs each, so a loaded machine does not
// decide). A span key per prefix of a set line made 20k words take 23 s and
// 3 GB; many-word curly and JSON headers copied their words for each child.
import { parseConfig } from '../../../src/syntax/parse-config.js';

const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const children = (n: number): string => Array.from({ length: n }, (_, i) => `  c${i};`).join('\n');

const INPUTS: Record<string, (n: number) => [string, string]> = {
  'set line (unmodelled)': (n) => [`set interfaces ${words(n)}\nset interfaces ${words(n)} z\n`, 'f.set'],
  'set line (unknown top level)': (n) => [`set ${words(n)}\n`, 'f.set'],
  'curly header with children': (n) => [
    `interfaces {\n x ${words(n)} {\n${children(n / 10)}\n }\n}\n`,
    'f.conf',
  ],
  'JSON member of many words with children': (n) => {
    const kids = Object.fromEntries(Array.from({ length: n / 10 }, (_, i) => [`c${i}`, [null]]));
    return [JSON.stringify({ configuration: { interfaces: { [`x ${words(n)}`]: kids } } }), 'f.json'];
  },
};

function best(text: string, source: string): number {
  let t = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = parseConfig(text, source);
    // a read of the spans forces the lazily recorded ones (a diagnostic would)
    r.value.spans.get(['interfaces']);
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

test.each(Object.keys(INPUTS))(
  '%s: linear in the words',
  (name) => {
    const make = INPUTS[name];
    best(...make(2_000)); // warm up
    const small = best(...make(20_000));
    const large = best(...make(80_000));
    expect(large).toBeLessThan(20_000);
    expect(large / Math.max(small, 5)).toBeLessThan(6);
  },
  120_000,
);
