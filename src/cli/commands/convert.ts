/**
 * `pkicfg convert FILE --to set|curly|json|yaml`: parses a configuration in
 * any format (detected from content; `-` reads stdin) and prints it in
 * another. Syntax errors go to stderr (file:line:col) and exit 1; usage and
 * I/O errors exit 2. Secrets stay in `$9$` form.
 */
import type { CliIO } from '../run.js';
import { cannotRead, HELP_OPTION, parseCommandArgs, usageError } from '../options.js';
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
  const parsed = parseCommandArgs(io, 'convert', CONVERT_USAGE, args, {
    allowPositionals: true,
    options: { to: { type: 'string', short: 't' }, ...HELP_OPTION },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const to = values.to as Target | undefined;
  if (!to || !TARGETS.includes(to))
    return usageError(io, 'convert', `--to must be one of ${TARGETS.join(', ')}`, CONVERT_USAGE);
  if (positionals.length !== 1) return usageError(io, 'convert', 'exactly one FILE expected', CONVERT_USAGE);
  let source: string;
  let text: string;
  try {
    [source, text] = await readInput(positionals[0], io);
  } catch (e) {
    return cannotRead(io, 'convert', positionals[0], e);
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
