/**
 * `load merge|override|replace|set|patch|update FILE|terminal [relative]`
 * (junos-cli.md §4): reads the text and hands it to the session, which prints
 * `load complete` or the error lines.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { LoadMode } from '../backend.js';
import type { Grammar, KeywordNode } from '../grammar.js';
import { keywordGrammar } from '../grammar.js';
import { fail, type ShellCommand } from '../shell-command.js';

const target: KeywordNode = {
  help: '',
  incomplete: 'missing argument.',
  children: {
    terminal: {
      help: 'Use login terminal',
      enter: true,
      children: { relative: { help: 'Load contents relative to current edit point', enter: true } },
    },
  },
  value: {
    placeholder: 'filename',
    help: 'Filename (URL, local, remote, or floppy)',
    next: {
      help: '',
      enter: true,
      children: { relative: { help: 'Load contents relative to current edit point', enter: true } },
    },
  },
};

const MODES: Record<LoadMode, string> = {
  merge: 'Merge contents with existing configuration',
  override: 'Override existing configuration',
  patch: 'Load patch file into configuration',
  replace: 'Replace configuration data',
  set: 'Execute set of commands',
  update: 'Update existing configuration',
};

const grammar: Grammar = keywordGrammar({
  help: '',
  incomplete: 'syntax error, expecting <command>.',
  children: Object.fromEntries(Object.entries(MODES).map(([k, help]) => [k, { ...target, help }])),
});

export const loadCommand: ShellCommand = {
  name: 'load',
  help: 'Load configuration from ASCII file',
  modes: ['config'],
  grammar: () => grammar,
  async run(sh, words) {
    const mode = words[0] as LoadMode;
    const name = words[1];
    const relative = words[2] === 'relative';
    let text: string;
    let source: string;
    if (name === 'terminal') {
      sh.print('[Type ^D at a new line to end input]\n');
      text = await sh.io.readTerminal();
      source = 'terminal';
    } else {
      const file = isAbsolute(name) ? name : join(sh.cwd, name);
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return fail(
          `error: Could not open configuration file: ${name}${code === 'ENOENT' ? ': No such file or directory' : ''}`,
        );
      }
      source = name;
    }
    return sh.session!.load(mode, text, source, relative ? sh.editPath : undefined);
  },
};
