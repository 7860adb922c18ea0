/**
 * `pkicfg validate [--format text|junos|json|sarif|github] [--strict] [--frame] FILE...`
 *
 * Parses each file (format detected from content; `-` reads stdin), validates
 * the tree (schema + semantic rules) and prints every problem of every file.
 * Exit status: 0 valid, 1 configuration errors (or any warning under
 * --strict), 2 usage or I/O error.
 */
import { command } from '../command.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { ConfigTree } from '../../tree/config-tree.js';
import { renderText } from '../../diag/render-text.js';
import { renderJunos } from '../../diag/render-junos.js';
import { renderJson } from '../../diag/render-json.js';
import { renderSarif } from '../../diag/render-sarif.js';
import { renderGithub } from '../../diag/render-github.js';
import { parseConfig } from '../../syntax/parse-config.js';
import { syntaxLeavesTreeWhole } from '../../syntax/stray-lines.js';
import { validateTree } from '../../validate/validate.js';
import { secretSpans, type TextRange } from '../../syntax/secret-words.js';

/** The secret ranges of each source, computed when a frame first needs them. */
function secretsOf(sources: ReadonlyMap<string, string>): (source: string) => readonly TextRange[] {
  const memo = new Map<string, readonly TextRange[]>();
  return (source) => {
    let r = memo.get(source);
    if (!r) memo.set(source, (r = secretSpans(sources.get(source) ?? '')));
    return r;
  };
}

export const VALIDATE_USAGE = `usage: pkicfg validate [--format text|junos|json|sarif|github] [--strict] [--frame] FILE...
  FILE            a configuration file (set, curly, json or yaml; detected from content); - reads stdin
  --format F      text (default: file:line:col: severity: message [CODE]), junos (commit-failure
                  blocks), json, sarif (SARIF 2.1.0), github (workflow annotations)
  --strict        also warn about every statement pkicfg does not model; warnings then fail the run
  --frame         (text) show the source line with carets under each problem
exit status: 0 valid, 1 configuration errors, 2 usage or I/O error
`;

const FORMATS = ['text', 'junos', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** Renders diagnostics in one of the `--format`s. */
export function renderDiagnostics(
  format: Format,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  frame = false,
): string {
  switch (format) {
    case 'text':
      return renderText(diagnostics, { sources, frame, secrets: secretsOf(sources) });
    case 'junos':
      return renderJunos(diagnostics, { mode: 'check' });
    case 'json':
      return renderJson(diagnostics, sources);
    case 'sarif':
      return renderSarif(diagnostics, { sources });
    case 'github':
      return renderGithub(diagnostics, sources);
  }
}

/**
 * What `validate` finds in one file: syntax, schema and rule problems in file
 * order, and the tree when no syntax error broke its nesting (validating a
 * broken tree would report the error's consequences). `plan` checks its files
 * with the same function.
 */
export function checkConfigFile(
  text: string,
  source: string,
  opts: { strict?: boolean } = {},
): { tree?: ConfigTree; diagnostics: Diagnostic[] } {
  const parsed = parseConfig(text, source);
  const whole = syntaxLeavesTreeWhole(parsed.value.format, parsed.diagnostics);
  const diagnostics = [
    ...parsed.diagnostics,
    ...(whole ? validateTree(parsed.value.tree, parsed.value.spans, { strict: opts.strict === true }) : []),
  ];
  // in file order, syntax and validation problems alike (a stable sort keeps ties in place)
  if (parsed.diagnostics.length) diagnostics.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
  return { ...(whole ? { tree: parsed.value.tree } : {}), diagnostics };
}

export const validateCommand = command(
  {
    name: 'validate',
    usage: VALIDATE_USAGE,
    positionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      strict: { type: 'boolean', default: false },
      frame: { type: 'boolean', default: false },
    },
  },
  async ({ values, positionals }, cx) => {
    const format = values.format as Format;
    if (!FORMATS.includes(format)) return cx.usage(`unknown format '${values.format}'`);
    if (positionals.length === 0) return cx.usage('no FILE given');
    const strict = values.strict === true;
    const sources = new Map<string, string>();
    const all: Diagnostic[] = [];
    let unreadable = false;
    for (const file of positionals) {
      const input = await cx.readInput(file);
      // every file is checked: one that cannot be read is reported and the run exits 2
      if (typeof input === 'number') {
        unreadable = true;
        continue;
      }
      const [source, text] = input;
      sources.set(source, text);
      all.push(...checkConfigFile(text, source, { strict }).diagnostics);
    }
    cx.io.stdout.write(renderDiagnostics(format, all, sources, values.frame === true));
    if (unreadable) return 2;
    const failing = all.filter((d) => d.severity === 'error' || (strict && d.severity === 'warning'));
    return failing.length > 0 ? 1 : 0;
  },
);
