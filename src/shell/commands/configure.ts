/** `configure [exclusive|private]` (operational mode): enters configuration mode. */
import type { EditMode } from '../backend.js';
import { keywordGrammar } from '../grammar.js';
import { done, fail, type ShellCommand } from '../shell-command.js';

export const configureCommand: ShellCommand = {
  name: 'configure',
  help: 'Manipulate software configuration information',
  modes: ['op'],
  grammar: () =>
    keywordGrammar({
      help: '',
      enter: true,
      children: {
        exclusive: { help: 'Obtain exclusive lock (other users cannot make changes)', enter: true },
        private: { help: 'Work in private database (other users cannot see changes)', enter: true },
      },
    }),
  async run(sh, words) {
    const mode: EditMode =
      words[0] === 'exclusive' ? 'exclusive' : words[0] === 'private' ? 'private' : 'shared';
    const r = sh.backend.enter(mode, sh.user);
    if (!r.ok) return fail(r.text);
    sh.enterConfig(r.session);
    return done('Entering configuration mode\n' + r.notice);
  },
};
