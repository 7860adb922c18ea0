/**
 * `show [path]` in configuration mode (the candidate) and the operational
 * `show configuration [path]` (the active configuration) and
 * `show system commit`. `| display set|json|yaml` picks the printer and
 * `| compare [rollback n]` shows the Junos diff instead.
 */
import type { Pipe } from '../pipes.js';
import { schemaStep } from '../schema-grammar.js';
import { done, type ShellCommand } from '../shell-command.js';

function displayOf(pipes: readonly Pipe[]) {
  const d = [...pipes].reverse().find((p) => p.kind === 'display');
  return d?.kind === 'display' ? d.format : 'text';
}

export const showConfigCommand: ShellCommand = {
  name: 'show',
  help: 'Show a parameter',
  modes: ['config'],
  grammar: (sh) => (words) => {
    const s = schemaStep(sh.language.reftree, sh.session!.candidate(), [...sh.editPath, ...words], 'show');
    return { ...s, pipe: true };
  },
  async run(sh, words, pipes) {
    const path = [...sh.editPath, ...words];
    const cmp = pipes.find((p) => p.kind === 'compare');
    if (cmp?.kind === 'compare') return sh.session!.compare(cmp.rollback, path);
    return done(sh.language.render(sh.session!.candidate(), path, displayOf(pipes)));
  },
};

export const showOpCommand: ShellCommand = {
  name: 'show',
  help: 'Show system information',
  modes: ['op'],
  grammar: (sh) => (words) => {
    if (words.length === 0) {
      return {
        keywords: [
          { name: 'configuration', help: 'Show current configuration' },
          { name: 'system', help: 'Show system information' },
        ],
        enter: false,
        incomplete: 'syntax error, expecting <command>.',
      };
    }
    if (words[0] === 'configuration') {
      return { ...schemaStep(sh.language.reftree, sh.backend.active(), words.slice(1), 'show'), pipe: true };
    }
    if (words[0] === 'system') {
      if (words.length === 1)
        return {
          keywords: [{ name: 'commit', help: 'Show pending commit and commit history' }],
          enter: false,
        };
      if (words.length === 2 && words[1] === 'commit') return { keywords: [], enter: true, pipe: true };
    }
    return { keywords: [], enter: false };
  },
  async run(sh, words, pipes) {
    if (words[0] === 'system') return done(sh.backend.showCommits());
    const path = words.slice(1);
    const cmp = pipes.find((p) => p.kind === 'compare');
    if (cmp?.kind === 'compare')
      return cmp.rollback === undefined ? done('') : sh.backend.compareActive(cmp.rollback, path);
    const format = displayOf(pipes);
    const body = sh.language.render(sh.backend.active(), path, format);
    const header = format === 'text' && path.length === 0 && body !== '' ? sh.backend.lastCommitHeader() : '';
    return done(header + body);
  },
};
