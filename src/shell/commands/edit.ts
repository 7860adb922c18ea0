/** `edit <path>`, `up [n]`, `top`: move the configuration edit level. */
import { keywordGrammar } from '../grammar.js';
import { schemaStep } from '../schema-grammar.js';
import { fail, OK, type ShellCommand } from '../shell-command.js';
import type { Shell } from '../shell.js';
import { getAt } from '../../tree/tree-ops.js';
import { quoteWord } from '../words.js';

/**
 * The length of the longest prefix of `path` that ends with a list entry name
 * (`security pki ca-profile CA2` in `security pki ca-profile CA2 enrollment`),
 * or 0 when the path names no list entry.
 */
function lastEntryEnd(sh: Shell, path: readonly string[]): number {
  let node = sh.language.reftree.root;
  let end = 0;
  for (let i = 0; i < path.length; i++) {
    if (node.kind === 'list') {
      node = node.entry!;
      end = i + 1;
      continue;
    }
    const c = node.children.get(path[i]);
    if (!c) break;
    node = c;
  }
  return end;
}

export const editCommand: ShellCommand = {
  name: 'edit',
  help: 'Edit a sub-element',
  modes: ['config'],
  grammar: (sh) => (words) => {
    const s = schemaStep(sh.language.reftree, sh.session!.candidate(), [...sh.editPath, ...words], 'edit');
    return { ...s, enter: words.length > 0 && s.enter };
  },
  async run(sh, words) {
    const node = sh.language.reftree.nodeAt([...sh.editPath, ...words]);
    if (node && node.kind !== 'container') return fail('syntax error.');
    // Junos creates what `edit` names: a missing list entry appears in the
    // candidate (`edit security pki ca-profile CA2` shows `ca-profile CA2;`);
    // an empty container stays invisible until something is set in it.
    const full = [...sh.editPath, ...words];
    const end = lastEntryEnd(sh, full);
    if (end > sh.editPath.length && getAt(sh.session!.candidate(), full.slice(0, end)) === undefined) {
      const line = ['set', ...full.slice(sh.editPath.length, end).map(quoteWord)].join(' ');
      const r = await sh.session!.apply(line, sh.currentSource(), sh.editPath);
      if (!r.ok) return fail(r.text);
    }
    sh.editStack.push(sh.editPath);
    sh.editPath = [...sh.editPath, ...words];
    return OK;
  },
};

export const upCommand: ShellCommand = {
  name: 'up',
  help: 'Exit one level of configuration',
  modes: ['config'],
  grammar: () =>
    keywordGrammar({
      help: '',
      enter: true,
      value: {
        placeholder: 'count',
        help: 'Number of levels to move up',
        check: (v) => (/^[1-9]\d*$/.test(v) ? undefined : `error: invalid number: ${v}`),
      },
    }),
  async run(sh, words) {
    const n = words[0] === undefined ? 1 : Number(words[0]);
    const bounds = sh.levels(sh.editPath);
    const keep = bounds.length - n;
    sh.editPath = keep > 0 ? sh.editPath.slice(0, bounds[keep - 1]) : [];
    sh.editStack = [];
    return OK;
  },
};

/** Runs `fn` as if the edit level were `[edit]`; a level the command moved to is kept. */
function atTop<T>(sh: Shell, fn: () => T): T {
  const saved = sh.editPath;
  sh.editPath = [];
  try {
    return fn();
  } finally {
    if (sh.editPath.length === 0) sh.editPath = saved;
  }
}

/** `top` alone: go to `[edit]`; `top <command>`: run a command as if at the top (Junos). */
export const topCommand: ShellCommand = {
  name: 'top',
  help: 'Exit to top level of configuration',
  modes: ['config'],
  grammar: (sh) => (words) => {
    const inner = atTop(sh, () => sh.rootGrammar('config')(words));
    return words.length === 0 ? { ...inner, enter: true } : inner;
  },
  async run(sh, words, pipes) {
    if (words.length === 0) {
      sh.editPath = [];
      sh.editStack = [];
      return OK;
    }
    const saved = sh.editPath;
    sh.editPath = [];
    try {
      const r = await sh.dispatch(words, pipes, 'config');
      return r.word === undefined ? r : { ...r, word: r.word + 1 };
    } finally {
      if (sh.editPath.length === 0) sh.editPath = saved;
    }
  },
};
