/** `rollback [n]`: loads revision n (default 0) into the candidate; `rollback ?` lists the revisions. */
import { done, type ShellCommand } from '../shell-command.js';

export const rollbackCommand: ShellCommand = {
  name: 'rollback',
  help: 'Roll back to previous committed configuration',
  modes: ['config'],
  grammar: (sh) => (words) => {
    if (words.length > 0) return { keywords: [], enter: true };
    const revs = sh.backend.revisions();
    return {
      keywords: [],
      value: {
        placeholder: 'number',
        help: 'Rollback number (0..49)',
        namesOnly: revs.length > 0,
        names: revs.map((r) => ({ name: String(r.index), help: r.summary })),
        check: (v) =>
          /^\d+$/.test(v) && Number(v) <= 49 ? undefined : `Value ${v} is not within range (0..49)`,
      },
      enter: true,
    };
  },
  async run(sh, words) {
    const n = words[0] === undefined ? 0 : Number(words[0]);
    const r = await sh.session!.rollback(n);
    return r.ok ? done(r.text) : r;
  },
};
