/**
 * `--strict` reports each top-most unmodelled statement at its own position
 * (curly text), not without one.
 */
import { parseConfig } from '../../../src/syntax/parse-config.js';
import { validateTree } from '../../../src/validate/validate.js';

test('an unmodelled statement warning has the statement span', () => {
  const text = `system {
    host-name a;
    services {
        ssh;
    }
}
interfaces {
    ge-0/0/0 {
        unit 0;
    }
}
`;
  const parsed = parseConfig(text, 'u.conf');
  expect(parsed.diagnostics).toEqual([]);
  const ds = validateTree(parsed.value.tree, parsed.value.spans, { strict: true }).filter(
    (d) => d.code === 'UNMODELLED_STATEMENT',
  );
  expect(
    ds.map((d) => [d.path?.join(' '), d.span && text.slice(d.span.start, d.span.end).split('\n')[0]]),
  ).toEqual([
    ['system', 'services {'],
    ['', 'interfaces {'],
  ]);
});
