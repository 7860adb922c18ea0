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

  /**
   * Reads one line with editing, `?` help and completion; null on Ctrl-D at an empty line.
   * Long because: one key loop over the terminal's state (the cursor's row, redraw and
   * `below` close over it); the keys that only edit the buffer are editKey below, and
   * what is left here are the keys that write to the terminal.
   */
  readLine(prompt: string, hooks: EditorHooks): Promise<string | null> {
    return this.raw(async () => {
      const st: EditState = { buf: '', cur: 0, hist: this.history.length, saved: '' };
      // The line may wrap over several terminal rows: remember the cursor's row
      // (relative to the prompt's first row) to go back up before redrawing.
      let cursorRow = 0;
      const cols = (): number => Math.max(10, this.output.columns ?? 80);
      const toStart = (): string => (cursorRow > 0 ? `\x1b[${cursorRow}A` : '') + '\r';
      const redraw = (): void => {
        const w = cols();
        const total = prompt.length + st.buf.length;
        const at = prompt.length + st.cur;
        let seq = `${toStart()}\x1b[J${prompt}${st.buf}`;
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
        st.cur = st.buf.length;
        redraw();
        this.output.write('\r\n');
        cursorRow = 0;
      };
      const insert = (s: string): void => {
        st.buf = st.buf.slice(0, st.cur) + s + st.buf.slice(st.cur);
        st.cur += s.length;
      };
      redraw();
      for (;;) {
        const { str, key } = await this.nextKey();
        const name = key.name;
        if (key.ctrl && name === 'c') {
          below();
          st.buf = '';
          st.cur = 0;
          st.hist = this.history.length;
          redraw();
          continue;
        }
        if (key.ctrl && name === 'd') {
          if (st.buf === '') {
            below();
            return null;
          }
          st.buf = st.buf.slice(0, st.cur) + st.buf.slice(st.cur + 1);
          redraw();
          continue;
        }
        if (name === 'return' || name === 'enter') {
          below();
          return st.buf;
        }
        if (editKey(st, this.history, name, key.ctrl === true)) {
          // a cursor, kill or history key: done on the buffer alone
        } else if (name === 'tab') {
          const r = hooks.complete(st.buf.slice(0, st.cur), 'tab');
          if (r.list) {
            const keep = st.cur;
            below();
            st.cur = keep;
            this.output.write(r.list.replace(/\n/g, '\r\n'));
          }
          st.buf = r.line + st.buf.slice(st.cur);
          st.cur = r.line.length;
        } else if (str === '?' && !inQuote(st.buf.slice(0, st.cur))) {
          const keep = st.cur;
          const help = hooks.help(st.buf.slice(0, st.cur));
          // show the `?` at the cursor as Junos echoes it, then the listing under the line
          const shown = st.buf;
          st.buf = st.buf.slice(0, keep) + '?' + st.buf.slice(keep);
          below();
          st.buf = shown;
          st.cur = keep;
          this.output.write(help.replace(/\n/g, '\r\n'));
        } else if (str === ' ' && !inQuote(st.buf.slice(0, st.cur)) && st.cur === st.buf.length) {
          const r = hooks.complete(st.buf, 'space');
          if (r.line === st.buf) insert(' ');
          else {
            st.buf = r.line;
            st.cur = st.buf.length;
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

/** The line being edited: text, cursor, and where in the history it is (with the line set aside). */
interface EditState {
  buf: string;
  cur: number;
  hist: number;
  saved: string;
}

/** Cursor motion, deletion and history keys (emacs bindings as Junos); false for any other key. */
function editKey(
  st: EditState,
  history: readonly string[],
  name: string | undefined,
  ctrl: boolean,
): boolean {
  if (name === 'backspace') {
    if (st.cur > 0) {
      st.buf = st.buf.slice(0, st.cur - 1) + st.buf.slice(st.cur);
      st.cur--;
    }
  } else if (name === 'delete') {
    st.buf = st.buf.slice(0, st.cur) + st.buf.slice(st.cur + 1);
  } else if (name === 'left' || (ctrl && name === 'b')) {
    st.cur = Math.max(0, st.cur - 1);
  } else if (name === 'right' || (ctrl && name === 'f')) {
    st.cur = Math.min(st.buf.length, st.cur + 1);
  } else if (name === 'home' || (ctrl && name === 'a')) {
    st.cur = 0;
  } else if (name === 'end' || (ctrl && name === 'e')) {
    st.cur = st.buf.length;
  } else if (ctrl && name === 'k') {
    st.buf = st.buf.slice(0, st.cur);
  } else if (ctrl && name === 'u') {
    st.buf = st.buf.slice(st.cur);
    st.cur = 0;
  } else if (ctrl && name === 'w') {
    const left = st.buf.slice(0, st.cur).replace(/\S+\s*$/, '');
    st.buf = left + st.buf.slice(st.cur);
    st.cur = left.length;
  } else if (name === 'up' || (ctrl && name === 'p')) {
    if (st.hist > 0) {
      if (st.hist === history.length) st.saved = st.buf;
      st.hist--;
      st.buf = history[st.hist];
      st.cur = st.buf.length;
    }
  } else if (name === 'down' || (ctrl && name === 'n')) {
    if (st.hist < history.length) {
      st.hist++;
      st.buf = st.hist === history.length ? st.saved : history[st.hist];
      st.cur = st.buf.length;
    }
  } else return false;
  return true;
}
