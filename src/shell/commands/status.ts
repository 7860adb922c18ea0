/** `status`: who is editing the configuration (junos-cli.md §6.1). */
import { keywordGrammar } from '../grammar.js';
import { done, type ShellCommand } from '../shell-command.js';

export const statusCommand: ShellCommand = {
  name: 'status',
  help: 'Show users currently editing configuration',
  modes: ['config'],
  grammar: () => keywordGrammar({ help: '', enter: true }),
  async run(sh) {
    return done(sh.session!.status(sh.editPath));
  },
};
