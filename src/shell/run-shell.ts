/**
 * The two ways the shell runs: interactively on a terminal (line editor,
 * pager, colours, spinner, history kept in the state directory) and as a
 * script (`-c "configure; set ...; commit"` or lines on stdin), where the
 * exit status is non-zero when a command failed.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import pc from 'picocolors';
import { createSpinner } from 'nanospinner';
import type { ConfigBackend, Interaction, LanguagePort, OpPort } from './backend.js';
import { LineEditor, type TerminalInput, type TerminalOutput } from './line-editor.js';
import type { RedactedLine } from './redact-line.js';
import { Shell } from './shell.js';
import { isLockedText } from '../commit/lock.js';
import { splitScript } from './words.js';

export interface ShellEnv {
  readonly user: string;
  readonly backend: ConfigBackend;
  readonly language: LanguagePort;
  readonly op?: OpPort;
  readonly cwd?: string;
  readonly hostname?: string;
}

const HISTORY_KEEP = 500;

/** Colours for a terminal: errors red, warnings yellow, `+`/`-` compare lines green/red. */
function colorize(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      if (/^(error:|syntax error|unknown command|missing argument|'.*' is ambiguous)/.test(l))
        return pc.red(l);
      if (/^ *\^$/.test(l)) return pc.red(l);
      if (/^warning:/.test(l)) return pc.yellow(l);
      if (/^\+ /.test(l) || /^\+$/.test(l)) return pc.green(l);
      if (/^- /.test(l)) return pc.red(l);
      if (/^\[edit( .*)?\]$/.test(l)) return pc.bold(l);
      return l;
    })
    .join('\n');
}

function readHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .slice(-HISTORY_KEEP);
  } catch {
    return [];
  }
}

function appendHistory(file: string | undefined, line: string): void {
  if (!file || line.trim() === '') return;
  try {
    appendFileSync(file, line.replace(/\n/g, ' ') + '\n', { mode: 0o600 });
  } catch {
    // history is a convenience: a read-only state dir must not stop the shell
  }
}

function trimHistory(file: string | undefined): void {
  if (!file) return;
  const lines = readHistory(file);
  try {
    writeFileSync(file, lines.length ? lines.join('\n') + '\n' : '', { mode: 0o600 });
  } catch {
    // see appendHistory
  }
}

/** Runs the interactive shell until `exit` in operational mode or Ctrl-D. Returns the exit status. */
export async function runInteractive(
  env: ShellEnv,
  input: TerminalInput,
  output: TerminalOutput & NodeJS.WritableStream,
  historyFile?: string,
): Promise<number> {
  trimHistory(historyFile);
  const editor = new LineEditor(input, output, readHistory(historyFile));
  const write = (t: string): void => void output.write(colorize(t).replace(/\r?\n/g, '\r\n'));
  const io: Interaction & { write(text: string): void } = {
    write,
    async confirm(question, defaultYes) {
      const a = await editor.ask(`${question} [yes,no] (${defaultYes ? 'yes' : 'no'}) `);
      if (a === null || a.trim() === '') return defaultYes;
      return /^y(es?)?$/i.test(a.trim());
    },
    readTerminal: () => editor.readUntilEof(),
    spin(text) {
      const sp = createSpinner(text, { stream: output as NodeJS.WriteStream });
      const t = setTimeout(() => sp.start(), 300);
      return () => {
        clearTimeout(t);
        // stop(), not clear(): clear() leaves the frame timer running, which
        // redrew `⠙ committing` under the next prompt (and kept the cursor hidden)
        if (sp.isSpinning()) sp.stop();
      };
    },
  };
  const sh = new Shell({ ...env, io });
  // Ctrl-C while a command runs (the terminal is not in raw mode then) must not kill the shell
  const onSigint = (): void => void output.write('^C\r\n');
  process.on('SIGINT', onSigint);
  try {
    return await loop(sh, editor, write, output, historyFile);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function loop(
  sh: Shell,
  editor: LineEditor,
  write: (t: string) => void,
  output: NodeJS.WritableStream,
  historyFile: string | undefined,
): Promise<number> {
  for (;;) {
    if (sh.mode === 'config') write('\n' + sh.banner());
    const line = await editor.readLine(sh.prompt(), {
      help: (l) => colorize(sh.help(l)),
      complete: (l, k) => sh.complete(l, k),
    });
    if (line === null) {
      if (sh.mode === 'config') sh.leaveConfig();
      return 0;
    }
    // the session's own recall keeps the line as typed; the file never holds a secret in clear
    editor.remember(line);
    appendHistory(historyFile, sh.redact(line, 'stored').text);
    const r = await sh.execute(line);
    const text = colorize(r.text);
    if (r.noMore) output.write(text.replace(/\r?\n/g, '\r\n'));
    else await editor.page(text);
    if (sh.finished) return 0;
  }
}

/**
 * Runs a script (one command per line or `;`-separated). Questions get their
 * default answer (`yes`: every question is answered yes). `echo` prints each
 * command after its prompt (a transcript); otherwise only output appears, and
 * a failing command is shown with its prompt so that the caret lines up.
 * Returns 1 if any command failed, 3 if the configuration lock refused one
 * (a script retries later; the commands after it failed only because of it).
 */
export async function runScript(
  env: ShellEnv,
  script: string,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  opts: { echo?: boolean; yes?: boolean } = {},
): Promise<number> {
  // Physical lines are split into commands at `;` outside quotes; `load ...
  // terminal` reads the following physical lines verbatim up to `^D`.
  const physical = script.split(/\r?\n/);
  let next = 0;
  const io: Interaction & { write(text: string): void } = {
    write: (t) => void out.write(t),
    async confirm(question, defaultYes) {
      // no terminal to ask: the default answer, or yes with --yes
      out.write(`${question} [yes,no] (${defaultYes ? 'yes' : 'no'}) ${opts.yes ? 'yes' : ''}\n`);
      return opts.yes ? true : defaultYes;
    },
    async readTerminal() {
      const body: string[] = [];
      while (next < physical.length && physical[next].trim() !== '^D') body.push(physical[next++]);
      if (next < physical.length) next++;
      return body.length ? body.join('\n') + '\n' : '';
    },
    spin: () => () => undefined,
  };
  const sh = new Shell({ ...env, io });
  let status = 0;
  while (next < physical.length && !sh.finished) {
    for (const line of splitScript(physical[next++])) {
      const prompt = sh.prompt();
      const shown = sh.redact(line, 'masked');
      if (opts.echo) out.write(`${prompt}${shown.text}\n`);
      if (/(^|\s)\?$/.test(line)) {
        // `?` typed at the end of a line: the listing, as on a terminal
        out.write(sh.help(line.slice(0, -1)));
        continue;
      }
      const r = await sh.execute(line);
      if (!r.ok) {
        status = status === 3 || isLockedText(r.text) ? 3 : 1;
        if (opts.echo) out.write(movedCaret(r.text, prompt.length, shown));
        else err.write(`${prompt}${shown.text}\n${movedCaret(r.text, prompt.length, shown)}`);
      } else out.write(r.text);
      if (opts.echo && sh.mode === 'config') out.write('\n' + sh.banner());
      if (sh.finished) break;
    }
  }
  if (sh.mode === 'config') sh.leaveConfig();
  return status;
}

/** An error text whose first line is a caret under the typed line, with the caret under the redacted one. */
function movedCaret(text: string, promptWidth: number, shown: RedactedLine): string {
  const m = /^( *)\^\n/.exec(text);
  if (!m || m[1].length < promptWidth) return text;
  const col = promptWidth + shown.column(m[1].length - promptWidth);
  return ' '.repeat(col) + text.slice(m[1].length);
}
