/**
 * `commit [check] [comment "text"] [confirmed [minutes]] [and-quit]`
 * (junos-cli.md §5.1): the session commits and returns Junos text
 * (`commit complete`, failure blocks); `and-quit` then leaves configuration mode.
 */
import { optionsGrammar } from '../grammar.js';
import { type ShellCommand } from '../shell-command.js';

const minutes = {
  placeholder: 'minutes',
  help: 'Number of minutes until rollback (1..65535)',
  check: (v: string) =>
    /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535
      ? undefined
      : `Value ${v} is not within range (1..65535)`,
};

export const commitCommand: ShellCommand = {
  name: 'commit',
  help: 'Commit current set of changes',
  modes: ['config'],
  grammar: () =>
    optionsGrammar({
      'and-quit': { help: 'Quit configuration mode if commit succeeds', excludes: ['check'] },
      check: {
        help: 'Check correctness of syntax; do not apply changes',
        excludes: ['and-quit', 'confirmed'],
      },
      comment: {
        help: 'Message to write to commit log',
        value: { placeholder: 'comment', help: 'Message to write to commit log' },
      },
      confirmed: {
        help: 'Automatically rollback if not confirmed',
        value: minutes,
        valueOptional: true,
        excludes: ['check'],
      },
    }),
  async run(sh, words) {
    const i = (w: string) => words.indexOf(w);
    const check = i('check') >= 0;
    const comment = i('comment') >= 0 ? words[i('comment') + 1] : undefined;
    let confirmedMinutes: number | undefined;
    if (i('confirmed') >= 0) {
      const v = words[i('confirmed') + 1];
      confirmedMinutes = v !== undefined && /^\d+$/.test(v) ? Number(v) : 10;
    }
    const stop = sh.io.spin(check ? 'checking' : 'committing');
    let r;
    try {
      r = await sh.session!.commit({ check, comment, confirmedMinutes });
    } finally {
      stop();
    }
    if (r.ok && i('and-quit') >= 0) {
      sh.leaveConfig();
      return { ok: true, text: r.text + 'Exiting configuration mode\n\n' };
    }
    return r;
  },
};
