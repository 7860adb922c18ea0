/**
 * The table of `pkicfg` commands (COMMAND_TABLE): what `pkicfg --help` lists,
 * what names and prefixes resolve to (run.ts), and which module each loads
 * when it runs. Each command lives in its own module next to this file; add
 * one entry per command.
 */
import type { CommandHandler } from '../run.js';

/**
 * One `pkicfg` command: its name, the line `pkicfg --help` shows, and the
 * module that implements it, imported only when the command runs (a start
 * pays for the one command it runs: `validate` never loads pkijs, the CA or
 * the shell). Adding a command is one entry here plus its module.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<CommandHandler>;
}

export const COMMAND_TABLE: readonly CommandEntry[] = [
  {
    name: 'validate',
    summary: 'Check configuration files: syntax, schema and rules',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    name: 'convert',
    summary: 'Convert a configuration between set, curly, JSON and YAML',
    load: async () => (await import('./convert.js')).convertCommand,
  },
  {
    name: 'load',
    summary: 'Load a configuration file into the candidate',
    load: async () => (await import('./load.js')).loadCommand,
  },
  {
    name: 'commit',
    summary: 'Commit the candidate configuration',
    load: async () => (await import('./commit.js')).commitCommand,
  },
  {
    name: 'compare',
    summary: 'Show the differences between two configurations (show | compare)',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  {
    name: 'plan',
    summary: 'What committing a file would change and enroll, for CI (exit 2 on changes)',
    load: async () => (await import('./plan.js')).planCommand,
  },
  {
    name: 'rollback',
    summary: 'Load a previous configuration into the candidate',
    load: async () => (await import('./rollback.js')).rollbackCommand,
  },
  {
    name: 'history',
    summary: 'Show the commit history',
    load: async () => (await import('./history.js')).historyCommand,
  },
  {
    name: 'request',
    summary: 'Operational request commands (request security pki ...)',
    load: async () => (await import('./op.js')).requestCommand,
  },
  {
    name: 'show',
    summary: 'Operational show commands (show security pki ..., show configuration)',
    load: async () => (await import('./op.js')).showCommand,
  },
  {
    name: 'clear',
    summary: 'Operational clear commands (clear security pki ...)',
    load: async () => (await import('./op.js')).clearCommand,
  },
  {
    name: 'shell',
    summary: 'Start the interactive Junos-style CLI',
    load: async () => (await import('./shell.js')).shellCommand,
  },
  {
    name: 'ca',
    summary: 'The embedded certificate authority (init, serve, approve, ...)',
    load: async () => (await import('./ca.js')).caCommand,
  },
  {
    name: 'store',
    summary: 'Check the configuration store (store check)',
    load: async () => (await import('./store.js')).storeCommand,
  },
  {
    name: 'demo',
    summary: 'Enroll certificates end to end against an embedded CA',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'status',
    summary: 'Show the enrollment state of each certificate (Ready, Renewing, Pending, Failed, Expired)',
    load: async () => (await import('./status.js')).statusCommand,
  },
  {
    name: 'timeline',
    summary: "Show each certificate's validity, renewal and retries as a table or an SVG picture",
    load: async () => (await import('./timeline.js')).timelineCommand,
  },
  {
    name: 'daemon',
    summary: 'Renew certificates when they are due',
    load: async () => (await import('./daemon.js')).daemonCommand,
  },
];
