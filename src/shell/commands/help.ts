/**
 * `help` and `help apropos WORD`: the commands of the current mode with
 * their help text (what `?` at an empty prompt shows, for a user who does not
 * know `?` yet), and the commands whose name or help mentions WORD. Junos's
 * `help topic` / `help reference` print Juniper's documentation, which pkicfg
 * does not carry; `?` after any word gives the completions at that place.
 */
import { keywordGrammar } from '../grammar.js';
import { done, type ShellCommand } from '../shell-command.js';

const HINT = "Type '?' after a word for what may follow it; 'help apropos WORD' finds commands.\n";

export const helpCommand: ShellCommand = {
  name: 'help',
  help: 'Provide help information',
  modes: ['op', 'config'],
  grammar: () =>
    keywordGrammar({
      help: '',
      enter: true,
      children: {
        apropos: {
          help: 'Find help information about a topic',
          incomplete: 'missing argument.',
          value: { placeholder: 'string', help: 'Word to look for in command names and help' },
        },
      },
    }),
  async run(sh, words) {
    // the listing of `?` at an empty prompt: one source for both
    const listing = sh.help('');
    if (words[0] !== 'apropos') return done(listing + HINT);
    const word = (words[1] ?? '').toLowerCase();
    const [head, ...rows] = listing.trimEnd().split('\n');
    const hits = rows.filter((r) => r.toLowerCase().includes(word));
    return done(hits.length ? [head, ...hits].join('\n') + '\n' : `No commands match '${words[1]}'.\n`);
  },
};
