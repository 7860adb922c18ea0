/**
 * Junos's `?` layout (junos-cli.md §9): `Possible completions:`, a one-character
 * marker column (`>` container, `+` multi-value), the name padded to 20, the help
 * text; `<[Enter]>` first when the command is complete, `|` last when it can be
 * piped. Also the caret error block, whose column includes the prompt width.
 */
import type { Completion, Step } from './grammar.js';

function row(marker: string, name: string, help: string): string {
  const padded = name.length < 20 ? name.padEnd(20) + ' ' : name + '  ';
  return `${marker} ${padded}${help}`.trimEnd();
}

/** The completion rows of a step, optionally filtered by a typed prefix. */
export function stepCompletions(step: Step, prefix = ''): Completion[] {
  const rows: Completion[] = [];
  if (step.value && !step.value.namesOnly && prefix === '')
    rows.push({ name: `<${step.value.placeholder}>`, help: step.value.help });
  const seen = new Set<string>();
  const names = [...(step.value?.names ?? []), ...step.keywords]
    .filter((c) => c.name.startsWith(prefix))
    .filter((c) => (seen.has(c.name) ? false : (seen.add(c.name), true)))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  rows.push(...names);
  return rows;
}

/** Renders the `?` listing for a step (with the typed prefix of the current word, if any). */
export function renderHelp(step: Step, prefix = ''): string {
  const lines = ['Possible completions:'];
  if (step.enter && prefix === '') lines.push(row(' ', '<[Enter]>', 'Execute this command'));
  for (const c of stepCompletions(step, prefix)) lines.push(row(c.marker ?? ' ', c.name, c.help));
  if (step.pipe && prefix === '') lines.push(row(' ', '|', 'Pipe through a command'));
  return lines.join('\n') + '\n';
}

/** Renders a list of candidates (after `'x' is ambiguous.`). */
export function renderCandidates(candidates: readonly Completion[]): string {
  const lines = ['Possible completions:'];
  for (const c of [...candidates].sort((a, b) => a.name.localeCompare(b.name)))
    lines.push(row(c.marker ?? ' ', c.name, c.help));
  return lines.join('\n') + '\n';
}

/** The caret line and message: `column` counts from the start of the prompt. */
export function renderCaret(column: number, message: string): string {
  return `${' '.repeat(column)}^\n${message}\n`;
}
