/**
 * `pkicfg convert FILE --to set|curly|json|yaml`: parses a configuration in
 * any format (detected from content; `-` reads stdin) and prints it in
 * another. Syntax errors go to stderr (file:line:col) and exit 1; usage and
 * I/O errors exit 2. Secrets stay in `$9$` form.
 */
import { command } from '../command.js';
import type { ConfigTree } from '../../tree/config-tree.js';
import { renderText } from '../../diag/render-text.js';
import { parseConfig } from '../../syntax/parse-config.js';
import { printSet } from '../../syntax/print-set.js';
import { printCurly } from '../../syntax/print-curly.js';
import { printJson } from '../../syntax/print-json.js';
import { printYaml } from '../../syntax/print-yaml.js';

export const CONVERT_USAGE = `usage: pkicfg convert FILE --to set|curly|json|yaml
  FILE        a configuration file (format detected from content); - reads stdin
  --to F      set (display set), curly (Junos text), json (display json), yaml
exit status: 0 converted, 1 syntax errors in FILE, 2 usage or I/O error
`;

const TARGETS = ['set', 'curly', 'json', 'yaml'] as const;
type Target = (typeof TARGETS)[number];

const PRINTERS: Readonly<Record<Target, (tree: ConfigTree) => string>> = {
  set: printSet,
  curly: printCurly,
  json: printJson,
  yaml: printYaml,
};

export const convertCommand = command(
  {
    name: 'convert',
    usage: CONVERT_USAGE,
    positionals: true,
    options: { to: { type: 'string', short: 't' } },
  },
  async ({ values, positionals }, cx) => {
    const to = values.to as Target | undefined;
    if (!to || !TARGETS.includes(to)) return cx.usage(`--to must be one of ${TARGETS.join(', ')}`);
    if (positionals.length !== 1) return cx.usage('exactly one FILE expected');
    const input = await cx.readInput(positionals[0]);
    if (typeof input === 'number') return input;
    const [source, text] = input;
    const r = parseConfig(text, source);
    if (r.diagnostics.length > 0)
      cx.io.stderr.write(renderText(r.diagnostics, { sources: new Map([[source, text]]) }));
    if (r.diagnostics.some((d) => d.severity === 'error')) return 1;
    const out = PRINTERS[to](r.value.tree);
    cx.io.stdout.write(out.endsWith('\n') || out === '' ? out : out + '\n');
    return 0;
  },
);
