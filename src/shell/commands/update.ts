/** `update` (configure private): merge the latest committed configuration into the private candidate. */
import { keywordGrammar } from '../grammar.js';
import { type ShellCommand } from '../shell-command.js';

export const updateCommand: ShellCommand = {
  name: 'update',
  help: 'Update private database',
  modes: ['config'],
  grammar: () => keywordGrammar({ help: '', enter: true }),
  async run(sh) {
    return sh.session!.update();
  },
};
