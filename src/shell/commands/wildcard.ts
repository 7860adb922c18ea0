/**
 * `wildcard delete <list path> <regex>` (junos-cli.md §2.3): the entries of a
 * list whose names match the regular expression (unanchored search unless
 * `^...$`) are listed as `  matched: NAME`, then one confirmation
 * `Delete N objects? [yes,no] (no)` deletes them all.
 */
import { schemaStep } from '../schema-grammar.js';
import { fail, OK, type ShellCommand } from '../shell-command.js';
import { quoteWord } from '../words.js';
import { getAt, isObject, listNames } from '../../tree/tree-ops.js';

export const wildcardCommand: ShellCommand = {
  name: 'wildcard',
  help: 'Wildcard operations',
  modes: ['config'],
  grammar: (sh) => (words) => {
    if (words.length === 0)
      return {
        keywords: [{ name: 'delete', help: 'Delete matching objects' }],
        enter: false,
        incomplete: 'missing argument.',
      };
    if (words[0] !== 'delete') return { keywords: [], enter: false };
    const s = schemaStep(
      sh.language.reftree,
      sh.session!.candidate(),
      [...sh.editPath, ...words.slice(1)],
      'delete',
    );
    return words.length === 1 ? { ...s, enter: false, incomplete: 'missing argument.' } : s;
  },
  async run(sh, words) {
    const path = words.slice(1, -1);
    const regex = words[words.length - 1];
    const listPath = [...sh.editPath, ...path];
    if (path.length === 0 || sh.language.reftree.nodeAt(listPath)?.kind !== 'list')
      return fail('error: wildcard delete needs a list and a regular expression');
    let re: RegExp;
    try {
      re = new RegExp(regex);
    } catch {
      return fail(`error: invalid regular expression: ${regex}`);
    }
    const list = getAt(sh.session!.candidate(), listPath);
    const names = isObject(list) ? listNames(list).filter((n) => re.test(n)) : [];
    if (names.length === 0) return fail('warning: statement not found');
    sh.print(names.map((n) => `  matched: ${n}\n`).join(''));
    if (!(await sh.io.confirm(`Delete ${names.length} objects?`, false))) return OK;
    const lines = names.map((n) => ['delete', ...path, n].map(quoteWord).join(' '));
    for (const line of lines) {
      const r = await sh.session!.apply(line, sh.currentSource(), sh.editPath);
      if (!r.ok) return fail(r.text);
    }
    return OK;
  },
};
