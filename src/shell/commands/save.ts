/** `save FILE`: writes the candidate (curly text, from the current level) to a file. */
import { writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { keywordGrammar } from '../grammar.js';
import { done, fail, type ShellCommand } from '../shell-command.js';

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
    const text = sh.language.render(sh.session!.candidate(), sh.editPath, 'text');
    const file = isAbsolute(words[0]) ? words[0] : join(sh.cwd, words[0]);
    try {
      writeFileSync(file, text);
    } catch (e) {
      return fail(`error: could not write '${words[0]}': ${(e as NodeJS.ErrnoException).code ?? 'EIO'}`);
    }
    const n = text === '' ? 0 : text.replace(/\n$/, '').split('\n').length;
    return done(`Wrote ${n} line${n === 1 ? '' : 's'} of configuration to '${words[0]}'`);
  },
};
