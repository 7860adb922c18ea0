/**
 * Which of the four formats a text is in, from its lines. A line either says
 * its format (`set ...`, `name {`, `name value;`, `{"configuration"`,
 * `configuration:`, `---`) or says nothing: CLI output pasted with it (the
 * `[edit ...]` banner, a `{master:0}` or `user@host>` prompt), a label
 * (`AN3:`), a bullet (`* request ...`). The first line that says a format
 * decides; lines that say nothing before it are reported by the caller in
 * that format's words, not read as another format. A text where no line
 * says its format is read as the format its lines resemble most (set for
 * lines of words), so that the first bad line is the one reported.
 */
import { VERBS } from '../../grammar/tokens.js';

export type ConfigFormat = 'set' | 'curly' | 'json' | 'yaml';

/** What one line says about the format: a format, or a kind of line that says nothing. */
type LineKind = ConfigFormat | 'banner' | 'words' | 'key';

const VERB_SET: ReadonlySet<string> = new Set(VERBS);
const BOM = 0xfeff;

/** The CLI's edit-level banner, optionally after a `{master:0}` cluster prompt. */
export const BANNER = /^(?:\{[\w:-]+\})?\[edit(?:\s[^\]]*)?\]\s*$/;

/** What a line (without leading blanks, not empty, not a `#` comment) says about the format. */
function lineKind(line: string): LineKind {
  if (BANNER.test(line)) return 'banner';
  if (line.startsWith('/*')) return 'curly';
  // a JSON document; `{master:0}` / `[Type ^D ...]` are CLI output
  if (/^\{\s*("|\}|$)/.test(line) || /^\[\s*(\{|\[|"|\]|$)/.test(line)) return 'json';
  if (line.startsWith('{') || line.startsWith('[')) return 'banner';
  if (line === '---' || line.startsWith('--- ')) return 'yaml';
  const first = /^[^\s;{}[\]"#]+/.exec(line)?.[0] ?? '';
  if (VERB_SET.has(first)) {
    // `set {` or `delete;` would be curly statements named like verbs
    const rest = line.slice(first.length).trimStart();
    if (!rest.startsWith('{') && !rest.startsWith(';')) return 'set';
  }
  if (/^"?configuration"?\s*:(\s|$)/.test(line)) return 'yaml';
  if (/^("[^"]*"|[\w.-]+)\s*:(\s|$)/.test(line) && !/^(inactive|protect|replace|active|delete):/.test(line))
    return 'key';
  // a statement: ends with `;`, `{` or `}` (a comment may follow), or closes a block
  if (/[;{}]\s*(#.*)?$/.test(line) || line.startsWith('}')) return 'curly';
  return 'words';
}

export interface Detected {
  readonly format: ConfigFormat;
  /** Offset of the first line that says the format (text.length if none does). */
  readonly decidedAt: number;
}

/** The format of a text and where it was decided (see the module comment). */
export function detect(input: string): Detected {
  const text = withoutBom(input);
  const re = /^[ \t]*([^\s#].*?)[ \t]*$/gm;
  let words = 0;
  let keys = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const k = lineKind(m[1]);
    if (k === 'banner' || k === 'words') words++;
    else if (k === 'key') keys++;
    else return { format: k, decidedAt: m.index };
  }
  if (words === 0 && keys === 0) return { format: 'curly', decidedAt: text.length };
  return { format: keys > words ? 'yaml' : 'set', decidedAt: text.length };
}

/** The format of a text, from its first line that says one. */
export function detectFormat(text: string): ConfigFormat {
  return detect(text).format;
}

/** A line before the line that decided the format: its content's offsets and kind. */
export interface StrayLine {
  readonly start: number;
  readonly end: number;
  readonly kind: LineKind;
}

/** The lines (not blank, not `#` comments) before offset `until`. */
export function strayLines(input: string, until: number): StrayLine[] {
  const text = withoutBom(input);
  const out: StrayLine[] = [];
  const re = /^[ \t]*([^\s#].*?)[ \t]*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < until) {
    const start = m.index + m[0].indexOf(m[1]);
    out.push({ start, end: start + m[1].length, kind: lineKind(m[1]) });
  }
  return out;
}

/**
 * The text with a leading byte-order mark as a blank: same length, so every
 * offset still points into the text as read (LineIndex gives the BOM no column).
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === BOM ? ' ' + text.slice(1) : text;
}

/**
 * Lone CR line ends (classic Mac) as LF, so that the lexers see the lines the
 * user sees; same length, as LineIndex counts a lone CR as a line end too.
 */
export function normalizeLineEnds(text: string): string {
  return LONE_CR.test(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}
const LONE_CR = /\r(?!\n)/;
