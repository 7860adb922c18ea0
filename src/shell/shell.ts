/**
 * The shell's state machine, independent of any terminal: the mode
 * (operational `user@host>` or configuration `user@host#` under an
 * `[edit ...]` banner), the edit level, and the three things a line editor
 * asks of it: execute a line, list what may follow (`?`), and complete a word
 * (TAB, space).
 */
import { hostname as osHostname } from 'node:os';
import type { ConfigBackend, ConfigSession, Interaction, LanguagePort, OpPort, Outcome } from './backend.js';
import {
  matchWord,
  resolveWords,
  type Completion,
  type Grammar,
  type ResolveError,
  type Step,
} from './grammar.js';
import { applyTextPipes, pipeGrammar, toPipe, type Pipe } from './pipes.js';
import { renderCandidates, renderCaret, renderHelp, stepCompletions } from './render-help.js';
import type { ShellCommand, ShellMode } from './shell-command.js';
import { splitPipes, splitWords, quoteWord, type Word } from './words.js';
import { COMMANDS } from './commands/index.js';
import { redactLine, type RedactedLine, type RedactForm } from './redact-line.js';

export interface ShellOptions {
  readonly user: string;
  readonly backend: ConfigBackend;
  readonly language: LanguagePort;
  readonly op?: OpPort;
  readonly io: Interaction & { write(text: string): void };
  /** Directory for relative file names (`save`, `load`, `| save`). */
  readonly cwd?: string;
  /** Fallback host name when the configuration has no `system host-name`. */
  readonly hostname?: string;
  readonly commands?: readonly ShellCommand[];
}

export interface LineResult extends Outcome {
  /** `| no-more` was given: do not page. */
  readonly noMore: boolean;
}

function unionSteps(a: Step, b: Step): Step {
  const seen = new Set(a.keywords.map((k) => k.name));
  return {
    keywords: [...a.keywords, ...b.keywords.filter((k) => !seen.has(k.name))],
    value: a.value ?? b.value,
    enter: a.enter || b.enter,
    pipe: a.pipe || b.pipe,
    incomplete: a.incomplete ?? b.incomplete,
    unknown: a.unknown ?? b.unknown,
  };
}

function pipeWhenComplete(step: Step, words: readonly string[]): Step {
  return step.enter && !step.pipe && words.length > 0 ? { ...step, pipe: true } : step;
}

export class Shell {
  readonly user: string;
  readonly backend: ConfigBackend;
  readonly language: LanguagePort;
  readonly op?: OpPort;
  readonly io: Interaction & { write(text: string): void };
  readonly cwd: string;
  readonly fallbackHost: string;
  private readonly commands: readonly ShellCommand[];

  mode: ShellMode = 'op';
  editPath: string[] = [];
  /** Edit levels before each `edit`, so that `exit` returns where the user came from. */
  editStack: string[][] = [];
  session: ConfigSession | undefined;
  /** Set by `exit`/`quit` in operational mode. */
  finished = false;
  private lineNo = 0;

  constructor(opts: ShellOptions) {
    this.user = opts.user;
    this.backend = opts.backend;
    this.language = opts.language;
    this.op = opts.op;
    this.io = opts.io;
    this.cwd = opts.cwd ?? process.cwd();
    this.fallbackHost = opts.hostname ?? osHostname().split('.')[0];
    this.commands = opts.commands ?? COMMANDS;
  }

  /** `system host-name` of the active configuration, else the machine's name. */
  host(): string {
    const sys = this.backend.active().system;
    const hn =
      typeof sys === 'object' && sys !== null && !Array.isArray(sys)
        ? (sys as Record<string, unknown>)['host-name']
        : undefined;
    return typeof hn === 'string' && hn !== '' ? hn : this.fallbackHost;
  }

  prompt(): string {
    return `${this.user}@${this.host()}${this.mode === 'op' ? '>' : '#'} `;
  }

  /** Lines printed above a configuration-mode prompt: the pending-confirm notice and `[edit ...]`. */
  banner(): string {
    if (this.mode !== 'config') return '';
    const expired = this.backend.expireConfirm();
    const p = this.backend.pendingConfirm();
    const pending = p
      ? `# commit confirmed will be rolled back in ${p.minutes} minute${p.minutes === 1 ? '' : 's'}\n`
      : '';
    return `${expired}${pending}${editBanner(this.editPath)}\n`;
  }

  private commandsOf(mode: ShellMode): ShellCommand[] {
    return this.commands.filter((c) => c.modes.includes(mode));
  }

  /** The grammar of a whole command line in a mode (operational: built-ins merged with the op tree). */
  rootGrammar(mode: ShellMode = this.mode): Grammar {
    const cmds = this.commandsOf(mode);
    const own: Grammar = (words) => {
      if (words.length === 0) {
        return {
          keywords: cmds.map((c) => ({ name: c.name, help: c.help })),
          enter: false,
          unknown: 'unknown command.',
          incomplete: undefined,
        };
      }
      const c = cmds.find((x) => x.name === words[0]);
      if (!c) return { keywords: [], enter: false };
      return c.grammar(this)(words.slice(1));
    };
    // Junos: every complete configuration-mode command may be piped, and its `?`
    // lists `|  Pipe through a command` last (junos-cli.md §9)
    if (mode === 'config') return (words) => pipeWhenComplete(own(words), words);
    if (!this.op) return own;
    const op = this.op.grammar;
    return (words) => {
      const a = own(words);
      const b = op(words);
      const s = unionSteps(a, b);
      return words.length === 0
        ? { ...s, unknown: 'unknown command.' }
        : {
            ...s,
            unknown: s.unknown ?? 'syntax error, expecting <command>.',
            incomplete:
              s.incomplete ??
              (s.value && s.keywords.length === 0
                ? 'missing argument.'
                : 'syntax error, expecting <command>.'),
          };
    };
  }

  private source(): string {
    return `<shell:${this.lineNo}>`;
  }

  /** The caret block for an error at word `index` (or at the end of the line). */
  private caret(words: readonly Word[], line: string, index: number, message: string): string {
    const col = index < words.length ? words[index].start : line.trimEnd().length + 1;
    return renderCaret(this.prompt().length + col, message);
  }

  private resolveError(err: ResolveError, words: readonly Word[], line: string): string {
    if (err.kind === 'ambiguous') {
      return (
        this.caret(words, line, err.index, `'${err.word}' is ambiguous.`) + renderCandidates(err.candidates)
      );
    }
    return this.caret(words, line, err.index, err.message);
  }

  /** The line with its secrets redacted as it would be read now (call before execute). */
  redact(line: string, form: RedactForm): RedactedLine {
    return redactLine(line, { grammar: this.rootGrammar(), mode: this.mode, editPath: this.editPath }, form);
  }

  /** Runs one typed line. */
  async execute(rawLine: string): Promise<LineResult> {
    this.lineNo++;
    const line = rawLine.replace(/\s+$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) return { ok: true, text: '', noMore: false };
    const split = splitWords(line);
    if (split.unterminated !== undefined) {
      return {
        ok: false,
        text: renderCaret(
          this.prompt().length + split.unterminated,
          'syntax error, unterminated quoted string.',
        ),
        noMore: false,
      };
    }
    const { command, pipes: pipeWords } = splitPipes(split.words);
    const grammar = this.rootGrammar();
    const r = resolveWords(grammar, command);
    if (!r.ok) {
      return { ok: false, text: this.resolveError(r.error, split.words, line), noMore: false };
    }
    const pipes: Pipe[] = [];
    for (const seg of pipeWords) {
      const barIndex = split.words.indexOf(seg[0] ?? split.words[split.words.length - 1]);
      if (!r.value.step.pipe && this.mode === 'config') {
        const bar = split.words.findIndex((w) => w.text === '|' && !w.quoted);
        return { ok: false, text: this.caret(split.words, line, bar, 'syntax error.'), noMore: false };
      }
      const pr = resolveWords(pipeGrammar, seg);
      if (!pr.ok) {
        const offsetWords = seg.length ? seg : [];
        const idx =
          pr.error.index < offsetWords.length
            ? split.words.indexOf(offsetWords[pr.error.index])
            : barIndex + seg.length + (seg.length ? 0 : 1);
        const fake = { ...pr.error, index: idx } as ResolveError;
        return { ok: false, text: this.resolveError(fake, split.words, line), noMore: false };
      }
      pipes.push(toPipe(pr.value.words));
    }
    let out = await this.dispatch(r.value.words, pipes);
    if (out.word !== undefined) {
      const col = out.word < command.length ? command[out.word].start : line.length + 1;
      out = { ok: out.ok, text: ' '.repeat(this.prompt().length + col) + '^\n' + out.text };
    }
    const piped = applyTextPipes(
      out.text,
      pipes.filter((p) => p.kind !== 'display' && p.kind !== 'compare'),
      this.cwd,
    );
    if (piped.error) return { ok: false, text: piped.error + '\n', noMore: true };
    return { ok: out.ok, text: piped.text, noMore: piped.noMore };
  }

  /** Runs an expanded command (no pipes given: none). Used by `run` too. */
  async dispatch(
    words: readonly string[],
    pipes: readonly Pipe[],
    mode: ShellMode = this.mode,
  ): Promise<Outcome> {
    const cmd = this.commandsOf(mode).find((c) => c.name === words[0]);
    if (cmd) {
      const step = cmd.grammar(this)(words.slice(1));
      if (step.enter || !this.op || mode === 'config') return cmd.run(this, words.slice(1), pipes);
    }
    if (mode === 'op' && this.op) {
      const display = pipes.find((p) => p.kind === 'display');
      return this.op.run(words, this.io, display?.kind === 'display' ? display.format : undefined);
    }
    return { ok: false, text: 'unknown command.\n' };
  }

  /** The `?` listing for a partly typed line (the line itself is kept by the editor). */
  help(line: string): string {
    const split = splitWords(line);
    const endsInSpace = line === '' || /\s$/.test(line);
    const { command, pipes } = splitPipes(split.words);
    const inPipe = pipes.length > 0;
    const words = inPipe ? pipes[pipes.length - 1] : command;
    const grammar = inPipe ? pipeGrammar : this.rootGrammar();
    if (inPipe) {
      const base = resolveWords(this.rootGrammar(), command, { requireComplete: false });
      if (!base.ok) return this.resolveError(base.error, split.words, line);
    }
    const done = endsInSpace || (words.length > 0 && line.endsWith('|')) ? words : words.slice(0, -1);
    const partial =
      endsInSpace || words.length === 0 || (line.endsWith('|') && inPipe && words.length === 0)
        ? ''
        : words[words.length - 1].text;
    const r = resolveWords(grammar, done, { requireComplete: false });
    if (!r.ok) return this.resolveError(r.error, split.words, line);
    const step = r.value.step;
    if (partial !== '') {
      const rows = stepCompletions(step, partial);
      if (rows.length === 0 && !step.value) {
        const idx = split.words.length - 1;
        return this.caret(split.words, line, idx, step.unknown ?? 'syntax error.');
      }
      if (rows.length === 0)
        return renderHelp(
          { ...step, keywords: [], value: { ...step.value!, names: [] }, enter: false, pipe: false },
          '',
        );
      return renderHelp(step, partial);
    }
    return renderHelp(step);
  }

  /**
   * TAB/space completion of the last word: a unique keyword (or existing name for
   * TAB) is completed with a trailing space; several candidates are listed.
   */
  complete(line: string, key: 'tab' | 'space'): { line: string; list?: string } {
    const r = this.completeWord(line, key);
    // space always ends up as a space when there was nothing to complete
    return key === 'space' && r.line === line ? { line: line + ' ' } : r;
  }

  private completeWord(line: string, key: 'tab' | 'space'): { line: string; list?: string } {
    const split = splitWords(line);
    if (split.unterminated !== undefined || line === '' || /\s$/.test(line)) {
      if (key === 'tab' && (line === '' || /\s$/.test(line))) return { line, list: this.help(line) };
      return { line };
    }
    const { command, pipes } = splitPipes(split.words);
    const inPipe = pipes.length > 0;
    const words = inPipe ? pipes[pipes.length - 1] : command;
    if (words.length === 0) return { line };
    const grammar = inPipe ? pipeGrammar : this.rootGrammar();
    const last = words[words.length - 1];
    if (last.quoted) return { line };
    const r = resolveWords(grammar, words.slice(0, -1), { requireComplete: false });
    if (!r.ok) return { line };
    const step = r.value.step;
    const m = matchWord(step, last);
    const names: Completion[] = key === 'tab' ? [...(step.value?.names ?? [])] : [];
    const cands = [...step.keywords, ...names].filter((k) => k.name.startsWith(last.text));
    const uniq = [...new Map(cands.map((c) => [c.name, c])).values()];
    if (uniq.length === 1 && ('keyword' in m || key === 'tab')) {
      return { line: line.slice(0, last.start) + quoteWord(uniq[0].name) + ' ' };
    }
    if (uniq.length > 1) {
      // space never lists: the word stays as typed (Enter then says it is ambiguous)
      if (key === 'space') return { line: line + ' ' };
      // TAB extends to the longest common prefix and lists the candidates
      let lcp = uniq[0].name;
      for (const c of uniq) while (!c.name.startsWith(lcp)) lcp = lcp.slice(0, -1);
      return {
        line: line.slice(0, last.start) + (lcp.length > last.text.length ? lcp : last.text),
        list: renderCandidates(uniq),
      };
    }
    if (key === 'space') return { line: line + ' ' };
    return { line };
  }

  /** Switches to configuration mode with a session. */
  enterConfig(session: ConfigSession): void {
    this.session = session;
    this.mode = 'config';
    this.editPath = [];
    this.editStack = [];
  }

  /** Leaves configuration mode (the session is closed). */
  leaveConfig(): void {
    this.session?.close();
    this.session = undefined;
    this.mode = 'op';
    this.editPath = [];
    this.editStack = [];
  }

  /** The statement depth of a path (a list keyword and its entry name are one level). */
  levels(path: readonly string[]): number[] {
    // returns the path lengths of each level boundary: e.g. [1, 2, 4] for security pki ca-profile X
    const bounds: number[] = [];
    let node = this.language.reftree.root;
    for (let i = 0; i < path.length; i++) {
      if (node.kind === 'list') {
        node = node.entry!;
        bounds.push(i + 1);
        continue;
      }
      const c = node.children.get(path[i]);
      if (!c) {
        bounds.push(i + 1);
        continue;
      }
      node = c;
      if (c.kind !== 'list') bounds.push(i + 1);
    }
    return bounds;
  }

  /** Writes immediately (before a confirmation prompt). */
  print(text: string): void {
    this.io.write(text);
  }

  /** A source name for diagnostics of the current line. */
  currentSource(): string {
    return this.source();
  }
}

/** `[edit a b c]` with Junos quoting of names. */
function editBanner(path: readonly string[]): string {
  return path.length === 0 ? '[edit]' : `[edit ${path.map(quoteWord).join(' ')}]`;
}
