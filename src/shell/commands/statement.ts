/**
 * The set-grammar statements typed in configuration mode: `set`, `delete`,
 * `activate`, `deactivate`, `protect`, `unprotect` (path completion from the
 * schema) and `annotate`, `rename`, `copy`, `insert` (free text after the
 * verb). The expanded line goes to the session, which applies it with the
 * syntax stage's Junos semantics and messages.
 */
import type { Outcome } from '../backend.js';
import type { Shell } from '../shell.js';
import { schemaStep, type PathVerb } from '../schema-grammar.js';
import type { Grammar } from '../grammar.js';
import { fail, OK, type ShellCommand } from '../shell-command.js';
import { quoteWord } from '../words.js';

function pathGrammar(sh: Shell, verb: PathVerb): Grammar {
  return (words) =>
    schemaStep(sh.language.reftree, sh.session!.candidate(), [...sh.editPath, ...words], verb);
}

async function apply(sh: Shell, verb: string, words: readonly string[]): Promise<Outcome> {
  // `[` and `]` delimit leaf-list values (`ca-profiles [ a b ]`): never quoted
  const parts = [verb, ...words.map((w) => (w === '[' || w === ']' ? w : quoteWord(w)))];
  const line = parts.join(' ');
  const r = await sh.session!.apply(line, sh.currentSource(), sh.editPath);
  if (r.at === undefined) return { ok: r.ok, text: r.text };
  // map the offset in the expanded line back to the word the user typed
  let off = 0;
  let word = parts.length - 1;
  for (let i = 0; i < parts.length; i++) {
    if (r.at < off + parts[i].length + 1) {
      word = i;
      break;
    }
    off += parts[i].length + 1;
  }
  return { ok: r.ok, text: r.text, word: r.at >= line.length ? parts.length : word };
}

function pathStatement(verb: string, help: string, pathVerb: PathVerb, needsPath: boolean): ShellCommand {
  return {
    name: verb,
    help,
    modes: ['config'],
    grammar: (sh) => {
      const g = pathGrammar(sh, pathVerb);
      return needsPath
        ? (words) =>
            words.length === 0 ? { ...g(words), enter: false, incomplete: 'missing argument.' } : g(words)
        : g;
    },
    run: (sh, words) => apply(sh, verb, words),
  };
}

export const setCommand = pathStatement('set', 'Set a parameter', 'set', true);
export const activateCommand = pathStatement(
  'activate',
  'Remove the inactive tag from a statement',
  'delete',
  true,
);
export const deactivateCommand = pathStatement(
  'deactivate',
  'Add the inactive tag to a statement',
  'delete',
  true,
);
export const protectCommand = pathStatement('protect', 'Protect the statement', 'delete', true);
export const unprotectCommand = pathStatement('unprotect', 'Unprotect the statement', 'delete', true);

export const deleteCommand: ShellCommand = {
  name: 'delete',
  help: 'Delete a data element',
  modes: ['config'],
  grammar: (sh) => pathGrammar(sh, 'delete'),
  async run(sh, words) {
    if (words.length === 0) {
      if (sh.editPath.length === 0) sh.print('This will delete the entire configuration\n');
      if (!(await sh.io.confirm('Delete everything under this level?', false))) return OK;
    }
    return apply(sh, 'delete', words);
  },
};

function freeStatement(verb: string, help: string, placeholder: string): ShellCommand {
  return {
    name: verb,
    help,
    modes: ['config'],
    grammar: (sh) => {
      const g = pathGrammar(sh, 'other');
      return (words) => {
        if (words.length === 0) {
          const s = g(words);
          return {
            ...s,
            value: { placeholder, help, rest: true },
            enter: false,
            incomplete: 'missing argument.',
          };
        }
        return { keywords: [], enter: true };
      };
    },
    async run(sh, words) {
      // the free text was kept as one word: hand it over verbatim
      const line = `${verb} ${words.join(' ')}`;
      const r = await sh.session!.apply(line, sh.currentSource(), sh.editPath);
      return r.ok ? { ok: true, text: r.text } : fail(r.text);
    },
  };
}

export const annotateCommand = freeStatement(
  'annotate',
  'Annotate the statement with a comment',
  'statement',
);
export const renameCommand = freeStatement('rename', 'Rename a statement', 'statement');
export const copyCommand = freeStatement('copy', 'Copy a statement', 'statement');
export const insertCommand = freeStatement('insert', 'Insert a new ordered data element', 'statement');
