/**
 * `save FILE`: writes the candidate (curly text) to a file. Below `[edit]`
 * the current level is saved inside the statements that hold it, as Junos
 * does ("fully specifying the statement hierarchy"), so the file loads back.
 */
import { isAbsolute, join } from 'node:path';
import { writeExportFile } from '../../op/export-file.js';
import { keywordGrammar } from '../grammar.js';
import { done, fail, type ShellCommand } from '../shell-command.js';
import type { Shell } from '../shell.js';
import { quoteIfNeeded } from '../../syntax/words.js';

/** `text` (the statements at the edit level) wrapped in the headers of the edit path. */
function wrapped(sh: Shell, text: string): string {
  if (text === '' || sh.editPath.length === 0) return text;
  const heads: string[] = [];
  let from = 0;
  for (const end of sh.levels(sh.editPath)) {
    heads.push(sh.editPath.slice(from, end).map(quoteIfNeeded).join(' '));
    from = end;
  }
  const pad = '    '.repeat(heads.length);
  const body = text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : pad + l));
  return (
    [
      ...heads.map((h, i) => `${'    '.repeat(i)}${h} {`),
      ...body,
      ...heads.map((_, i) => `${'    '.repeat(heads.length - 1 - i)}}`),
    ].join('\n') + '\n'
  );
}

export const saveCommand: ShellCommand = {
  name: 'save',
  help: 'Save configuration to ASCII file',
  modes: ['config'],
  grammar: () =>
    keywordGrammar({
      help: '',
      incomplete: 'missing argument.',
      value: { placeholder: 'filename', help: 'Name of file in which to save configuration' },
    }),
  async run(sh, words) {
    const text = wrapped(sh, sh.language.render(sh.session!.candidate(), sh.editPath, 'text'));
    const file = isAbsolute(words[0]) ? words[0] : join(sh.cwd, words[0]);
    const w = writeExportFile(file, text);
    if (!w.ok) return fail(`error: could not write '${words[0]}': ${w.reason}`);
    const n = text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
    return done(`Wrote ${n} line${n === 1 ? '' : 's'} of configuration to '${words[0]}'`);
  },
};
