/**
 * Fuzz: nested inputs of random depth (up to a few times the nesting limit of
 * src/syntax/input-limits.ts), shape and format never make parsing, printing
 * or a reparse throw; past the limit they report NESTING_TOO_DEEP, within it
 * they do not.
 */
import fc from 'fast-check';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { printSet } from '../../src/syntax/print-set.js';
import { MAX_NESTING_DEPTH } from '../../src/syntax/input-limits.js';

const word = fc.constantFrom('a', 'interfaces', 'unit', '0', 'groups', 'g', 'x-1', '"q w"', 'family', 'inet');
const L = MAX_NESTING_DEPTH;

/** Curly text whose deepest block is `depth` levels down, with siblings, leaves and maybe missing closers. */
const nested = fc.record({
  depth: fc.integer({ min: 0, max: 4 * L }),
  words: fc.array(word, { minLength: 1, maxLength: 3 }),
  leaf: fc.boolean(),
  drop: fc.integer({ min: 0, max: 3 }),
  top: fc.constantFrom('', 'interfaces ', 'security pki '),
});

test('curly of any depth: a result and diagnostics, never an exception', () => {
  fc.assert(
    fc.property(nested, ({ depth, words, leaf, drop, top }) => {
      const head = top.trim() ? `${top.trim()} {\n` : '';
      const open = Array.from({ length: depth }, (_, i) => `${words[i % words.length]} ${i} {\n`).join('');
      const close = '}\n'.repeat(Math.max(0, depth - drop));
      const text = head + open + (leaf ? 'x;\n' : '') + close + (head ? '}\n' : '');
      const r = parseConfig(text, 'f.conf');
      const total = depth + (head ? 1 : 0);
      const deep = r.diagnostics.some((d) => d.code === 'NESTING_TOO_DEEP');
      expect(deep).toBe(total > L);
      const again = parseConfig(printCurly(r.value.tree), 'p.conf');
      expect(again.diagnostics.filter((d) => d.code === 'NESTING_TOO_DEEP')).toEqual([]);
      parseConfig(printSet(r.value.tree), 'p.set');
    }),
    { numRuns: 150 },
  );
});

test('set lines of any nesting (shapes and divergence): never an exception, bounded trees', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 * L }),
      fc.array(word, { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      (n, words, groups) => {
        const lines: string[] = [];
        if (groups) lines.push('set ' + 'groups g '.repeat(n) + words.join(' '));
        else
          for (let i = 1; i <= n; i++)
            lines.push(
              'set zz ' + Array.from({ length: i }, (_, j) => words[j % words.length] + j).join(' '),
            );
        const r = parseConfig(lines.join('\n') + '\n', 'f.set');
        // what was kept prints and reads back within the limit
        const again = parseConfig(printCurly(r.value.tree), 'p.conf');
        expect(again.diagnostics.filter((d) => d.code === 'NESTING_TOO_DEEP')).toEqual([]);
      },
    ),
    { numRuns: 60 },
  );
});

test('JSON and YAML of any depth, lists or objects, closed or not: never an exception', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 20 * L }),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      (n, list, closed, yaml) => {
        // a list entry nests one object per level too: {"a":[{"name":"n","a":[{...}]}]};
        // the leaf x sits inside n blocks (configuration is the root, not a block)
        const open = list ? '"a":[{"name":"n",' : '"a":{';
        const close = list ? '}]' : '}';
        const body = open.repeat(n) + '"x":null' + (closed ? close.repeat(n) : '');
        const text = '{"configuration":{' + body + (closed ? '}}' : '');
        const r = parseConfig(yaml ? '---\n' + text : text, yaml ? 'f.yaml' : 'f.json');
        if (closed && n > L) expect(r.diagnostics.some((d) => d.code === 'NESTING_TOO_DEEP')).toBe(true);
        if (closed && n <= L) expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      },
    ),
    { numRuns: 60 },
  );
});
