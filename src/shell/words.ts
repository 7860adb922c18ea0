/**
 * The shell's lexer: a typed line is split into words (with offsets, so that
 * errors can put a caret under the word), pipe segments and, for scripts and
 * `-c`, into separate commands on `;` and newlines outside quotes.
 */

/** One word of a typed line. `start`/`end` are offsets into the line; `text` is unquoted. */
export interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

export interface SplitLine {
  readonly words: readonly Word[];
  /** Offset of an unterminated quote, if any. */
  readonly unterminated?: number;
}

/** Splits a line into words; double quotes group (with `\"` and `\\` escapes), `|` is always a word of its own. */
export function splitWords(line: string): SplitLine {
  const words: Word[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '|') {
      words.push({ text: '|', start: i, end: i + 1, quoted: false });
      i++;
      continue;
    }
    const start = i;
    let text = '';
    let quoted = false;
    while (i < n && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '|') {
      if (line[i] === '"') {
        quoted = true;
        i++;
        let closed = false;
        while (i < n) {
          if (line[i] === '\\' && i + 1 < n) {
            text += line[i + 1];
            i += 2;
            continue;
          }
          if (line[i] === '"') {
            closed = true;
            i++;
            break;
          }
          text += line[i++];
        }
        if (!closed) return { words: [...words, { text, start, end: n, quoted }], unterminated: start };
        continue;
      }
      text += line[i++];
    }
    words.push({ text, start, end: i, quoted });
  }
  return { words };
}

/** Splits words at `|` into the command and its pipe segments. */
export function splitPipes(words: readonly Word[]): { command: Word[]; pipes: Word[][] } {
  const segs: Word[][] = [[]];
  for (const w of words) {
    if (w.text === '|' && !w.quoted) segs.push([]);
    else segs[segs.length - 1].push(w);
  }
  const [command, ...pipes] = segs;
  return { command, pipes };
}

/** Splits a script (or a `-c` argument) into command lines at newlines and at `;` outside double quotes. */
export function splitScript(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      cur += c;
      if (c === '\\' && i + 1 < text.length) cur += text[++i];
      else if (c === '"') inQuote = false;
      continue;
    }
    if (c === '"') {
      inQuote = true;
      cur += c;
    } else if (c === ';' || c === '\n' || c === '\r') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((l) => l.trim()).filter((l) => l !== '');
}

/** Quotes a word for re-display or for handing a line to the set-format parser. */
export function quoteWord(text: string): string {
  if (text !== '' && !/[\s;{}[\]"#'|\\]/.test(text)) return text;
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
