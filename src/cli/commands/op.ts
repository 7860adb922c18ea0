/**
 * `pkicfg request|show|clear <words...>`: Junos operational commands from the
 * command line, dispatched through the operational-command tree
 * (src/op). Options, anywhere on the line: `--state DIR` (else
 * PKICFG_STATE, else the default state directory), `--yes`/`-y` (answer yes
 * to `[yes,no]` prompts), and any other `--word` is taken as the keyword
 * `word` (`--no-wait`, `--fingerprint HEX`). Secret arguments have file,
 * environment and prompt forms (src/op/secret-arg.ts). Exit status: 0 ok, 1 the command
 * failed, 2 syntax error. The table (src/op/commands.ts) holds no
 * implementation: a command loads only its own module, and the committed
 * configuration is read (the commit store loaded) only by a command that asks.
 */
import { createInterface } from 'node:readline';
import { stateDirOption } from '../state-dir-option.js';
import type { ConfigTree } from '../../tree/config-tree.js';
import { makeOpContext } from '../../op/op-context.js';
import { runOpWords } from '../../op/op-run.js';
import { defaultOpTree } from '../../op/commands.js';
import type { CliIO, CommandHandler } from '../run.js';
import { ioError } from '../options.js';
import { areProcessArgs } from '../secret-option.js';
import { readSecretInput, type SecretInput } from '../../op/secret-input.js';

export interface OpCliOptions {
  readonly words: string[];
  readonly state?: string;
  readonly yes: boolean;
  readonly help: boolean;
}

/** Splits CLI options from command words. */
export function parseOpCli(argv: readonly string[]): OpCliOptions {
  const words: string[] = [];
  let state: string | undefined;
  let yes = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--state') state = argv[++i];
    else if (a.startsWith('--state=')) state = a.slice('--state='.length);
    else if (a === '--yes' || a === '-y') yes = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq > 0) words.push(a.slice(2, eq), a.slice(eq + 1));
      else words.push(a.slice(2));
    } else words.push(a);
  }
  return { words, state, yes, help };
}

function askTty(io: CliIO, question: string): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const rl = createInterface({ input: io.stdin, output: io.stdout });
    rl.question(`${question} [yes,no] (no) `, (answer) => {
      rl.close();
      resolveAnswer(/^\s*y(es)?\s*$/i.test(answer));
    });
    rl.on('close', () => resolveAnswer(false));
  });
}

/**
 * `pkicfg show [words...] --help`: the usage line and what may follow the words,
 * rendered from the full op tree as the shell's `?` renders it.
 */
export async function opHelp(words: readonly string[]): Promise<string> {
  const [{ opStep }, { renderHelp }] = await Promise.all([
    import('../../op/op-parse.js'),
    import('../../shell/render-help.js'),
  ]);
  const step = opStep(defaultOpTree(), words);
  const usage = `usage: pkicfg ${words[0]} <words...> [--state DIR] [--yes]\n`;
  if (step.error) return usage + step.error.message + '\n';
  return usage + renderHelp({ keywords: step.keywords, enter: step.enter, pipe: false });
}

/** The handler for one verb (`request`, `show`, `clear`). */
export function opCommand(verb: 'request' | 'show' | 'clear'): CommandHandler {
  return async (args: readonly string[], io: CliIO): Promise<number> => {
    const opts = parseOpCli(args);
    if (
      verb === 'show' &&
      opts.words.length > 0 &&
      'configuration'.startsWith(opts.words[0]) &&
      opts.words[0].length >= 2
    ) {
      const { showConfigurationCli } = await import('../../op/show-configuration.js');
      return showConfigurationCli(args.slice(args.indexOf(opts.words[0]) + 1), io);
    }
    // the Junos pipe `| display json` arrives as words: commands with such a form use it
    // (only that pipe, last on the line: any other stays a syntax error as before)
    const bar = opts.words.length - 3;
    const display =
      bar >= 0 && opts.words[bar] === '|' && opts.words[bar + 1] === 'display'
        ? opts.words[bar + 2]
        : undefined;
    const words = [verb, ...(display !== undefined ? opts.words.slice(0, bar) : opts.words)];
    if (opts.help) {
      io.stdout.write(await opHelp(words));
      return 0;
    }
    let stateDir: string;
    try {
      stateDir = stateDirOption(opts.state, io.env);
    } catch (e) {
      return ioError(io, verb, e);
    }
    const isTty = (io.stdin as { isTTY?: boolean }).isTTY === true;
    const clock = io.clock;
    const ctx = makeOpContext({
      stateDir,
      ...(clock ? { now: () => clock.now() } : {}),
      ...(display !== undefined ? { display } : {}),
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      interactive: false,
      confirm: async (question) => {
        if (opts.yes) {
          io.stdout.write(`${question} [yes,no] (no) yes\n`);
          return true;
        }
        if (isTty) return askTty(io, question);
        io.stdout.write(`${question} [yes,no] (no) no (not a terminal; use --yes)\n`);
        return false;
      },
      // a secret among this process's argv is readable by other users: warn (not for in-process callers)
      wordsInArgv: areProcessArgs(args),
      // a secret keyword without a value is read here
      readSecret: (prompt) => readSecretInput(io.stdin as unknown as SecretInput, io.stderr, prompt),
      // read only by the commands that ask, and then the commit store (parser, YAML) is loaded
      activeConfig: async (): Promise<ConfigTree | undefined> => {
        const { openStore } = await import('../../commit/store.js');
        try {
          return openStore(stateDir).active();
        } catch {
          return undefined;
        }
      },
    });
    return runOpWords(defaultOpTree(), words, ctx);
  };
}

export const requestCommand = opCommand('request');
export const showCommand = opCommand('show');
export const clearCommand = opCommand('clear');
