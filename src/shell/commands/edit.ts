/** `edit <path>`, `up [n]`, `top`: move the configuration edit level. */
import { keywordGrammar } from '../grammar.js';
import { schemaStep } from '../schema-grammar.js';
import { fail, OK, type ShellCommand } from '../shell-command.js';

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

export const topCommand: ShellCommand = {
  name: 'top',
  help: 'Exit to top level of configuration',
  modes: ['config'],
  grammar: () => keywordGrammar({ help: '', enter: true }),
  async run(sh) {
    sh.editPath = [];
    sh.editStack = [];
    return OK;
  },
};
