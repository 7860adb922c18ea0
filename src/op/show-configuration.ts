/**
 * `show configuration [PATH...] [| display set|json|yaml]` (op mode): the
 * active configuration, or the statements below PATH, in curly text (with the
 * `## Last commit: <time> by <user>` header for the whole configuration, as
 * Junos prints it), set lines, or Junos JSON/YAML. Run from the
 * operational-command tree (specs/config.ts) and used by
 * `pkicfg show configuration` (`showConfigurationCli`).
 */
import { parseArgs } from 'node:util';
import { formatTime } from '../commit/lock.js';
import { resolveStateDir } from '../commit/state-dir.js';
import { describeIoError } from '../diag/io-error.js';
import { openStore } from '../commit/store.js';
import type { CommitRecord } from '../commit/store.js';
import { defaultReftree, type Reftree } from '../reftree/reftree.js';
import { printCurly } from '../syntax/print-curly.js';
import { printJson, printYaml } from '../syntax/print-json.js';
import { printSet } from '../syntax/print-set.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { getAt } from '../tree/tree-ops.js';
import type { OpArgs, OpResult } from './op-tree.js';
import type { OpContext } from './op-context.js';

export type ConfigDisplay = 'text' | 'set' | 'json' | 'yaml';
export const CONFIG_DISPLAYS: readonly ConfigDisplay[] = ['text', 'set', 'json', 'yaml'];

export interface ShowConfigurationInput {
  readonly tree: ConfigTree;
  readonly path?: readonly string[];
  readonly display?: ConfigDisplay;
  /** The last commit, for the `## Last commit:` header of the whole configuration. */
  readonly lastCommit?: CommitRecord;
  readonly reftree?: Reftree;
}

/** The text `show configuration` prints ('' for an empty configuration or a path with nothing below it). */
export function renderShowConfiguration(input: ShowConfigurationInput): string {
  const reftree = input.reftree ?? defaultReftree();
  const path = input.path ?? [];
  if (path.length > 0 && getAt(input.tree, path) === undefined) return '';
  const opts = { reftree, ...(path.length ? { path } : {}) };
  switch (input.display ?? 'text') {
    case 'set':
      return printSet(input.tree, opts);
    case 'json':
      return printJson(input.tree, opts);
    case 'yaml':
      return printYaml(input.tree, opts);
    case 'text': {
      const body = printCurly(input.tree, opts);
      const header =
        path.length === 0 && input.lastCommit
          ? `## Last commit: ${formatTime(input.lastCommit.time)} by ${input.lastCommit.user}\n`
          : '';
      return header + body;
    }
  }
}

export async function runShowConfiguration(args: OpArgs, ctx: OpContext): Promise<OpResult> {
  const store = openStore(ctx.stateDir);
  const display = (typeof args.display === 'string' ? args.display : 'text') as ConfigDisplay;
  ctx.stdout.write(
    renderShowConfiguration({ tree: store.active(), display, lastCommit: store.history()[0] }),
  );
  return { exitCode: 0 };
}

export const SHOW_CONFIGURATION_USAGE = `usage: pkicfg show configuration [PATH...] [--display set|json|yaml] [--state DIR]
  PATH           only the statements below this hierarchy, e.g. security pki ca-profile ROOT
  --display D    set (set commands), json or yaml (Junos JSON); default: curly text
exit status: 0 ok, 2 usage or I/O error
`;

interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** `pkicfg show configuration [PATH...] [--display D] [--state DIR]` (args after `configuration`). */
export async function showConfigurationCli(args: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        state: { type: 'string' },
        display: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr.write(`pkicfg show configuration: ${(e as Error).message}\n${SHOW_CONFIGURATION_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(SHOW_CONFIGURATION_USAGE);
    return 0;
  }
  // Junos pipe spelling is accepted too: `... | display set` arrives as words.
  let words = positionals;
  let display = values.display as ConfigDisplay;
  const bar = words.indexOf('|');
  if (bar >= 0) {
    if (words[bar + 1] === 'display' && CONFIG_DISPLAYS.includes(words[bar + 2] as ConfigDisplay))
      display = words[bar + 2] as ConfigDisplay;
    words = words.slice(0, bar);
  }
  if (!CONFIG_DISPLAYS.includes(display)) {
    io.stderr.write(
      `pkicfg show configuration: --display takes set, json or yaml\n${SHOW_CONFIGURATION_USAGE}`,
    );
    return 2;
  }
  try {
    const store = openStore(resolveStateDir({ flag: values.state, env: io.env }));
    io.stdout.write(
      renderShowConfiguration({ tree: store.active(), path: words, display, lastCommit: store.history()[0] }),
    );
    return 0;
  } catch (e) {
    io.stderr.write(`pkicfg show configuration: ${describeIoError(e)}\n`);
    return 2;
  }
}
