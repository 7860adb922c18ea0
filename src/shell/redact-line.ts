/**
 * A typed shell line with its secrets redacted, for the history file and for
 * the echo of a failing script line (`pkicfg shell -c`), which CI logs keep.
 * Which words are secrets: configuration statements ask secret-words.ts (the
 * schema and the secrets table, from the edit level), operational arguments
 * ask the grammar (`ValueSlot.secret`: `challenge-password`, `ca-secret`);
 * the words the grammar could not read (a typo before the secret) are
 * redacted after any secret keyword, since a failing line is the one echoed.
 *
 * Two forms. `stored` (history): a configuration secret becomes the `"$9$..."`
 * a Junos engineer sees in `show configuration`, protected as the stored
 * configuration is, and recalling the line sets the same secret; an
 * operational argument becomes `******` (op commands take no `$9$`).
 * `masked` (echoes, logs): every secret becomes `******`, since `$9$` is
 * reversible by anyone and logs travel further than the state directory.
 */
import { encrypt9At } from '../syntax/secret.js';
import { defaultSecretTable, secretWordIndices } from '../syntax/secret-words.js';
import { resolveWords, type Grammar } from './grammar.js';
import { splitPipes, splitWords, type Word } from './words.js';

/** What a redacted secret shows as in logs and for operational arguments. */
export const REDACTED = '******';

export type RedactForm = 'stored' | 'masked';

export interface RedactedLine {
  readonly text: string;
  /** The column in text of column col of the typed line (for carets). */
  column(col: number): number;
}

export interface RedactContext {
  /** The grammar of the whole line in the shell's mode. */
  readonly grammar: Grammar;
  readonly mode: 'op' | 'config';
  /** The `[edit ...]` level: configuration statements are relative to it. */
  readonly editPath: readonly string[];
}

/** The keywords that take a secret value anywhere (for words the grammar could not read). */
let secretKeywords: ReadonlySet<string> | undefined;
function keywords(): ReadonlySet<string> {
  return (secretKeywords ??= new Set([...defaultSecretTable().byLeaf.keys(), 'ca-secret']));
}

/** The typed line with its secret words replaced (see the module comment for the forms). */
export function redactLine(line: string, ctx: RedactContext, form: RedactForm): RedactedLine {
  const words = splitWords(line).words;
  const { command } = splitPipes(words);
  const r = resolveWords(ctx.grammar, command, { requireComplete: false });
  const resolved = r.ok ? r.value : r.partial;
  // `rest` values join the remaining words into one: only the 1:1 prefix is read
  let known = Math.min(resolved.words.length, command.length);
  if (known > 0 && resolved.words[known - 1] !== command[known - 1].text && resolved.isValue[known - 1])
    known--;
  const expanded = command.map((w, i) => (i < known ? resolved.words[i] : w.text));
  const replace = new Map<number, string>();
  const mask = (i: number): void => void replace.set(i, REDACTED);

  for (let i = 0; i < known; i++) {
    if (!resolved.isValue[i]) continue;
    const step = ctx.grammar(resolved.words.slice(0, i));
    if (step.value?.secret) mask(i);
  }
  const configLine = ctx.mode === 'config' && expanded[0] !== 'run';
  if (configLine && expanded.length > 1) {
    const full = [...ctx.editPath, ...expanded.slice(1)];
    const base = ctx.editPath.length - 1;
    for (const ix of secretWordIndices(full)) {
      const i = ix - base;
      if (i < 1 || i >= command.length) continue;
      const plain = command[i].text;
      if (form === 'masked') mask(i);
      else replace.set(i, `"${plain.startsWith('$9$') ? plain : encrypt9At(full.slice(0, ix), plain)}"`);
    }
  }
  // words the grammar did not read: anything after a secret keyword
  const kw = keywords();
  for (let i = Math.max(known - 1, 0); i + 1 < command.length; i++)
    if (kw.has(command[i].text) && !replace.has(i + 1)) mask(i + 1);

  return rebuild(line, command, replace);
}

function rebuild(line: string, words: readonly Word[], replace: ReadonlyMap<number, string>): RedactedLine {
  const edits = [...replace.entries()]
    .map(([i, text]) => ({ start: words[i].start, end: words[i].end, text }))
    .sort((a, b) => a.start - b.start);
  let text = '';
  let at = 0;
  for (const e of edits) {
    text += line.slice(at, e.start) + e.text;
    at = e.end;
  }
  text += line.slice(at);
  return {
    text,
    column(col) {
      let shift = 0;
      for (const e of edits) {
        if (col < e.start) break;
        if (col < e.end) return e.start + shift;
        shift += e.text.length - (e.end - e.start);
      }
      return col + shift;
    },
  };
}
