/**
 * The table entries of the commit store's op commands: `show configuration
 * [display set|json|yaml]` and `show system commit`. Names, arguments and
 * help only: each `run` loads its module (and so the commit store, the
 * parser and YAML) on first call.
 */
import { lazyRun, type OpCommandSpec } from '../op-tree.js';

export const SHOW_CONFIGURATION_COMMAND: OpCommandSpec = {
  path: ['show', 'configuration'],
  help: 'Show current configuration',
  pipe: true,
  args: [
    {
      name: 'display',
      help: 'Show additional kinds of information',
      value: {
        placeholder: 'format',
        kind: 'string',
        choices: [
          { name: 'set', help: 'Show set commands that create configuration' },
          { name: 'json', help: 'Show output in JSON format' },
          { name: 'yaml', help: 'Show output in YAML format' },
        ],
      },
    },
  ],
  run: lazyRun(async () => (await import('../show-configuration.js')).runShowConfiguration),
};

export const SHOW_SYSTEM_COMMIT_COMMAND: OpCommandSpec = {
  path: ['show', 'system', 'commit'],
  help: 'Show pending commit and revision history of the configuration',
  pipe: true,
  args: [],
  run: lazyRun(async () => (await import('../show-system-commit.js')).runShowSystemCommit),
};
