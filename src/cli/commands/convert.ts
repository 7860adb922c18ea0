/**
 * `pkicfg convert FILE --to set|curly|json|yaml`: parses a configuration in
 * any format (detected from content; `-` reads stdin) and prints it in
 * another. Syntax errors go to stderr (file:line:col) and exit 1; usage and
 * I/O errors exit 2. Secrets stay in `$9$` form.
 */
import { parseArgs } from 'node:util';
import type { CliIO } from '../run.js';
import { renderText } from '../../diag/render-text.js';
import { parseConfig } from '../../syntax/parse-config.js';
import { printSet } from '../../syntax/print-set.js';
import { printCurly } from '../../syntax/print-curly.js';
import { printJson } from '../../syntax/print-json.js';
import { printYaml } from '../../syntax/print-yaml.js';
import { readInput } from './validate.js';

export const CONVERT_USAGE = `usage: pkicfg convert FILE --to set|curly|json|yaml
  FILE        a configuration file (format detected from content); - reads stdin
  --to F      set (display set), curly (Junos text), json (display json), yaml
exit status: 0 converted, 1 syntax errors in FILE, 2 usage or I/O error
`;

const TARGETS = ['set', 'curly', 'json', 'yaml'] as const;
type Target = (typeof TARGETS)[number];

export async function convertCommand(args: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { to: { type: 'string', short: 't' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (e) {
    io.stderr.write(`pkicfg convert: ${(e as Error).message}\n${CONVERT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(CONVERT_USAGE);
    return 0;
  }
  const to = values.to as Target | undefined;
  if (!to || !TARGETS.includes(to)) {
    io.stderr.write(`pkicfg convert: --to must be one of ${TARGETS.join(', ')}\n${CONVERT_USAGE}`);
    return 2;
  }
  if (positionals.length !== 1) {
    io.stderr.write(`pkicfg convert: exactly one FILE expected\n${CONVERT_USAGE}`);
    return 2;
  }
  let source: string;
  let text: string;
  try {
    [source, text] = await readInput(positionals[0], io);
  } catch (e) {
    io.stderr.write(
      `pkicfg convert: cannot read ${positionals[0]}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
    );
    return 2;
  }
  const r = parseConfig(text, source);
  if (r.diagnostics.length > 0)
    io.stderr.write(renderText(r.diagnostics, { sources: new Map([[source, text]]) }));
  if (r.diagnostics.some((d) => d.severity === 'error')) return 1;
  const tree = r.value.tree;
  const out =
    to === 'set'
      ? printSet(tree)
      : to === 'curly'
        ? printCurly(tree)
        : to === 'json'
          ? printJson(tree)
          : printYaml(tree);
  io.stdout.write(out.endsWith('\n') || out === '' ? out : out + '\n');
  return 0;
}
