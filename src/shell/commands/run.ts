/** `run <operational command>` from configuration mode. */
import { type ShellCommand } from '../shell-command.js';

export const runCommand: ShellCommand = {
  name: 'run',
  help: 'Run an operational-mode command',
  modes: ['config'],
  grammar: (sh) => {
    const op = sh.rootGrammar('op');
    return (words) => {
      const s = op(words);
      return words.length === 0
        ? {
            ...s,
            unknown: 'syntax error, expecting <command>.',
            incomplete: 'syntax error, expecting <command>.',
          }
        : s;
    };
  },
  async run(sh, words, pipes) {
    if (words[0] === 'configure' || words[0] === 'exit' || words[0] === 'quit')
      return { ok: false, text: 'error: command is not valid in configuration mode\n' };
    return sh.dispatch(words, pipes, 'op');
  },
};
