/**
 * `exit` / `quit`. Operational mode: leaves the shell. Configuration mode:
 * back to the level before the last `edit`, and at the top (or with
 * `configuration-mode`) out of configuration mode with Junos's dialogue about
 * uncommitted changes (junos-cli.md §2.10, §6.2).
 */
import type { Outcome } from '../backend.js';
import { keywordGrammar } from '../grammar.js';
import type { Shell } from '../shell.js';
import { done, OK, type ShellCommand } from '../shell-command.js';

/** Leaves configuration mode, asking first when there are uncommitted changes. */
async function leaveConfiguration(sh: Shell): Promise<Outcome> {
  const s = sh.session;
  if (s && s.isModified()) {
    if (s.mode === 'shared') {
      sh.print('The configuration has been changed but not committed\n');
      if (!(await sh.io.confirm('Exit with uncommitted changes?', true))) return OK;
    } else {
      if (s.mode === 'exclusive') sh.print("warning: Auto rollback on exiting 'configure exclusive'\n");
      if (!(await sh.io.confirm('Discard uncommitted changes?', true))) return OK;
      sh.print('warning: discarding uncommitted changes\nload complete\n');
    }
  }
  sh.leaveConfig();
  return done('Exiting configuration mode\n\n');
}

function exitCommand(name: 'exit' | 'quit'): ShellCommand {
  return {
    name,
    help: name === 'exit' ? 'Exit from this level' : 'Quit from this level',
    modes: ['op', 'config'],
    grammar: (sh) =>
      sh.mode === 'config'
        ? keywordGrammar({
            help: '',
            enter: true,
            children: { 'configuration-mode': { help: 'Exit from configuration mode', enter: true } },
          })
        : keywordGrammar({ help: '', enter: true }),
    async run(sh, words) {
      if (sh.mode === 'op') {
        sh.finished = true;
        return OK;
      }
      if (words[0] !== 'configuration-mode' && sh.editStack.length > 0) {
        sh.editPath = sh.editStack.pop()!;
        return OK;
      }
      if (words[0] !== 'configuration-mode' && sh.editPath.length > 0) {
        sh.editPath = [];
        return OK;
      }
      return leaveConfiguration(sh);
    },
  };
}

export const exitCmd = exitCommand('exit');
export const quitCmd = exitCommand('quit');
