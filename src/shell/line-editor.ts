/**
 * A small line editor on raw-mode stdin, because node:readline cannot act on
 * `?` without Enter. Keys: printable insert; `?` lists what may follow (the
 * typed line is kept); TAB completes (or lists); space completes a unique
 * keyword; ←/→, Home/End, Ctrl-A/E/B/F, Backspace/Delete, Ctrl-K/U/W edit;
 * ↑/↓ walk the history; Ctrl-C clears the line; Ctrl-D on an empty line
 * leaves. Also the `---(more N%)---` pager and `[yes,no]` questions.
 */
import { emitKeypressEvents } from 'node:readline';

export interface Key {
  readonly name?: string;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly sequence?: string;
}

export interface EditorHooks {
  help(line: string): string;
  complete(line: string, key: 'tab' | 'space'): { line: string; list?: string };
}

export interface TerminalInput extends NodeJS.EventEmitter {
  setRawMode?(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
  isTTY?: boolean;
}

export interface TerminalOutput {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
}

/** True when the cursor position is inside an open double quote. */
function inQuote(s: string): boolean {
  let q = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && q) i++;
    else if (s[i] === '"') q = !q;
  }
  return q;
}

export class LineEditor {
  private readonly history: string[];
  private waiting: ((key: { str: string | undefined; key: Key }) => void) | undefined;
  private readonly queue: { str: string | undefined; key: Key }[] = [];

  constructor(
    private readonly input: TerminalInput,
    private readonly output: TerminalOutput,
    history: readonly string[] = [],
  ) {
    this.history = [...history];
    emitKeypressEvents(input as NodeJS.ReadableStream);
    input.on('keypress', (str: string | undefined, key: Key | undefined) => {
      const ev = { str, key: key ?? { sequence: str } };
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(ev);
      } else this.queue.push(ev);
    });
  }

  private nextKey(): Promise<{ str: string | undefined; key: Key }> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((res) => (this.waiting = res));
  }

  private raw<T>(fn: () => Promise<T>): Promise<T> {
    this.input.setRawMode?.(true);
    this.input.resume();
    return fn().finally(() => {
      this.input.setRawMode?.(false);
      this.input.pause();
    });
  }

  /** Adds a line to the in-memory history (the caller persists it). */
  remember(line: string): void {
    if (line.trim() === '' || this.history[this.history.length - 1] === line) return;
    this.history.push(line);
  }

  /** Reads one line with editing, `?` help and completion; null on Ctrl-D at an empty line. */
  readLine(prompt: string, hooks: EditorHooks): Promise<string | null> {
    return this.raw(async () => {
      let buf = '';
      let cur = 0;
      let hist = this.history.length;
      let saved = '';
      // The line may wrap over several terminal rows: remember the cursor's row
      // (relative to the prompt's first row) to go back up before redrawing.
      let cursorRow = 0;
      const cols = (): number => Math.max(10, this.output.columns ?? 80);
      const toStart = (): string => (cursorRow > 0 ? `\x1b[${cursorRow}A` : '') + '\r';
      const redraw = (): void => {
        const w = cols();
        const total = prompt.length + buf.length;
        const at = prompt.length + cur;
        let seq = `${toStart()}\x1b[J${prompt}${buf}`;
        // at an exact multiple of the width the cursor waits at the margin: make it wrap
        if (total > 0 && total % w === 0) seq += ' \r\x1b[K';
        const endRow = Math.floor(total / w);
        const row = Math.floor(at / w);
        if (endRow > row) seq += `\x1b[${endRow - row}A`;
        seq += '\r' + (at % w > 0 ? `\x1b[${at % w}C` : '');
        cursorRow = row;
        this.output.write(seq);
      };
      /** Moves below the typed line (before printing output under it). */
      const below = (): void => {
        cur = buf.length;
        redraw();
        this.output.write('\r\n');
        cursorRow = 0;
      };
      const insert = (s: string): void => {
        buf = buf.slice(0, cur) + s + buf.slice(cur);
        cur += s.length;
      };
      redraw();
      for (;;) {
        const { str, key } = await this.nextKey();
        const name = key.name;
        if (key.ctrl && name === 'c') {
          below();
          buf = '';
          cur = 0;
          hist = this.history.length;
          redraw();
          continue;
        }
        if (key.ctrl && name === 'd') {
          if (buf === '') {
            below();
            return null;
          }
          buf = buf.slice(0, cur) + buf.slice(cur + 1);
          redraw();
          continue;
        }
        if (name === 'return' || name === 'enter') {
          below();
          return buf;
        }
        if (name === 'backspace') {
          if (cur > 0) {
            buf = buf.slice(0, cur - 1) + buf.slice(cur);
            cur--;
          }
        } else if (name === 'delete') {
          buf = buf.slice(0, cur) + buf.slice(cur + 1);
        } else if (name === 'left' || (key.ctrl && name === 'b')) {
          cur = Math.max(0, cur - 1);
        } else if (name === 'right' || (key.ctrl && name === 'f')) {
          cur = Math.min(buf.length, cur + 1);
        } else if (name === 'home' || (key.ctrl && name === 'a')) {
          cur = 0;
        } else if (name === 'end' || (key.ctrl && name === 'e')) {
          cur = buf.length;
        } else if (key.ctrl && name === 'k') {
          buf = buf.slice(0, cur);
        } else if (key.ctrl && name === 'u') {
          buf = buf.slice(cur);
          cur = 0;
        } else if (key.ctrl && name === 'w') {
          const left = buf.slice(0, cur).replace(/\S+\s*$/, '');
          buf = left + buf.slice(cur);
          cur = left.length;
        } else if (name === 'up' || (key.ctrl && name === 'p')) {
          if (hist > 0) {
            if (hist === this.history.length) saved = buf;
            hist--;
            buf = this.history[hist];
            cur = buf.length;
          }
        } else if (name === 'down' || (key.ctrl && name === 'n')) {
          if (hist < this.history.length) {
            hist++;
            buf = hist === this.history.length ? saved : this.history[hist];
            cur = buf.length;
          }
        } else if (name === 'tab') {
          const r = hooks.complete(buf.slice(0, cur), 'tab');
          if (r.list) {
            const keep = cur;
            below();
            cur = keep;
            this.output.write(r.list.replace(/\n/g, '\r\n'));
          }
          buf = r.line + buf.slice(cur);
          cur = r.line.length;
        } else if (str === '?' && !inQuote(buf.slice(0, cur))) {
          const keep = cur;
          const help = hooks.help(buf.slice(0, cur));
          // show the `?` at the cursor as Junos echoes it, then the listing under the line
          const shown = buf;
          buf = buf.slice(0, keep) + '?' + buf.slice(keep);
          below();
          buf = shown;
          cur = keep;
          this.output.write(help.replace(/\n/g, '\r\n'));
        } else if (str === ' ' && !inQuote(buf.slice(0, cur)) && cur === buf.length) {
          const r = hooks.complete(buf, 'space');
          if (r.line === buf) insert(' ');
          else {
            buf = r.line;
            cur = buf.length;
          }
        } else if (
          str !== undefined &&
          !key.ctrl &&
          !key.meta &&
          str.length >= 1 &&
          str >= ' ' &&
          str !== '\x7f'
        ) {
          insert(str);
        } else {
          continue;
        }
        redraw();
      }
    });
  }

  /** A `[yes,no]` question; the answer line (empty = the default). */
  ask(text: string): Promise<string | null> {
    return this.readLine(text, { help: () => '', complete: (line) => ({ line }) });
  }

  /** Reads lines until Ctrl-D on an empty line (`load ... terminal`). */
  async readUntilEof(): Promise<string> {
    const lines: string[] = [];
    for (;;) {
      const l = await this.readLine('', { help: () => '', complete: (line) => ({ line }) });
      if (l === null) return lines.length ? lines.join('\n') + '\n' : '';
      lines.push(l);
    }
  }

  /** Shows text a screenful at a time with Junos's `---(more N%)---` line. */
  page(text: string): Promise<void> {
    const rows = Math.max(3, (this.output.rows ?? 24) - 1);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    if (lines.length <= rows) {
      this.output.write(text.replace(/\n/g, '\r\n'));
      return Promise.resolve();
    }
    return this.raw(async () => {
      let shown = 0;
      let budget = rows;
      while (shown < lines.length) {
        const chunk = lines.slice(shown, shown + budget);
        this.output.write(chunk.map((l) => l + '\r\n').join(''));
        shown += chunk.length;
        if (shown >= lines.length) break;
        const pct = Math.floor((shown * 100) / lines.length);
        this.output.write(`---(more ${pct}%)---`);
        const { str, key } = await this.nextKey();
        this.output.write('\r\x1b[K');
        if (str === 'q' || str === 'Q' || (key.ctrl && key.name === 'c')) return;
        budget = key.name === 'return' || key.name === 'enter' || key.name === 'down' ? 1 : rows;
      }
    });
  }
}
