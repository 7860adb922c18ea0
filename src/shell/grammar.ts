/**
 * Grammar steps: the one shape in which the shell sees every command tree
 * (its own commands, the operational-command tree, the schema's reference
 * tree). A grammar answers "what may follow these (already expanded) words",
 * and the same answer drives `?`, TAB/space completion, unique-prefix
 * abbreviation and the caret errors.
 */
import type { Word } from './words.js';

/** One entry of a `?` list. `marker` is Junos's column: `>` container, `+` multi-value. */
export interface Completion {
  readonly name: string;
  readonly help: string;
  readonly marker?: '>' | '+';
}

/** A free value accepted at this position (an identifier, a number, a file name, a regex). */
export interface ValueSlot {
  /** Shown as `<placeholder>` in `?` (e.g. `ca-profile-name`). */
  readonly placeholder: string;
  readonly help: string;
  /** Existing names offered for completion (ca-profiles, certificate-ids, revisions). */
  readonly names?: readonly Completion[];
  /** `?` lists only the names, not the `<placeholder>` row (`rollback ?`). */
  readonly namesOnly?: boolean;
  /** The value swallows the rest of the line, keywords included (`annotate`, `rename`: `?` still lists the keywords). */
  readonly rest?: boolean;
  /** Rejects a value before the command runs: returns the message to print under the caret. */
  readonly check?: (value: string) => string | undefined;
  /** The value is a secret (`challenge-password`, `ca-secret`): history and echoes redact it. */
  readonly secret?: boolean;
}

export interface Step {
  readonly keywords: readonly Completion[];
  readonly value?: ValueSlot;
  /** The words so far already form a complete command: `<[Enter]>` is listed. */
  readonly enter: boolean;
  /** `|` may follow (a command whose output can be piped). */
  readonly pipe?: boolean;
  /** Message when the line stops here although it is not complete. */
  readonly incomplete?: string;
  /** Message when a word here matches nothing. */
  readonly unknown?: string;
}

/** A command tree: given the expanded words so far, what may follow. */
export type Grammar = (words: readonly string[]) => Step;

const NO_STEP: Step = { keywords: [], enter: false };

export type ResolveError =
  | { readonly kind: 'unknown'; readonly index: number; readonly message: string }
  | {
      readonly kind: 'ambiguous';
      readonly index: number;
      readonly word: string;
      readonly candidates: readonly Completion[];
    }
  | { readonly kind: 'invalid'; readonly index: number; readonly message: string }
  | { readonly kind: 'incomplete'; readonly index: number; readonly message: string; readonly step: Step };

export interface Resolved {
  /** The expanded words. */
  readonly words: readonly string[];
  /** For each expanded word: it was a value (not a keyword). */
  readonly isValue: readonly boolean[];
  /** The step after the last word. */
  readonly step: Step;
}

/** What the word at a position turns into: a keyword (exact or unique prefix), a value, or an error. */
export function matchWord(
  step: Step,
  word: Word,
): { keyword: string } | { value: string } | { ambiguous: Completion[] } | { none: true } {
  if (!word.quoted) {
    const exact = step.keywords.find((k) => k.name === word.text);
    if (exact) return { keyword: exact.name };
    if (step.value?.names?.some((n) => n.name === word.text)) return { value: word.text };
    const pre = step.keywords.filter((k) => k.name.startsWith(word.text));
    if (pre.length === 1) return { keyword: pre[0].name };
    if (pre.length > 1 && !step.value) return { ambiguous: pre };
  }
  if (step.value) return { value: word.text };
  return { none: true };
}

/** Expands every word against the grammar; stops at the first word that fits nowhere. */
export function resolveWords(
  grammar: Grammar,
  words: readonly Word[],
  opts: { requireComplete: boolean } = { requireComplete: true },
): { ok: true; value: Resolved } | { ok: false; error: ResolveError; partial: Resolved } {
  const out: string[] = [];
  const isValue: boolean[] = [];
  let step = grammar(out);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (step.value?.rest) {
      out.push(
        words
          .slice(i)
          .map((x) => (x.quoted ? `"${x.text.replace(/[\\"]/g, (c) => '\\' + c)}"` : x.text))
          .join(' '),
      );
      isValue.push(true);
      step = grammar(out);
      break;
    }
    const m = matchWord(step, w);
    const partial = { words: [...out], isValue: [...isValue], step };
    if ('none' in m) {
      return {
        ok: false,
        error: { kind: 'unknown', index: i, message: step.unknown ?? 'syntax error.' },
        partial,
      };
    }
    if ('ambiguous' in m) {
      return {
        ok: false,
        error: { kind: 'ambiguous', index: i, word: w.text, candidates: m.ambiguous },
        partial,
      };
    }
    if ('value' in m && step.value?.check) {
      const msg = step.value.check(m.value);
      if (msg) return { ok: false, error: { kind: 'invalid', index: i, message: msg }, partial };
    }
    out.push('keyword' in m ? m.keyword : m.value);
    isValue.push('value' in m);
    step = grammar(out);
  }
  const value = { words: out, isValue, step };
  if (opts.requireComplete && !step.enter) {
    const message =
      step.incomplete ?? (step.value && step.keywords.length === 0 ? 'missing argument.' : 'syntax error.');
    return { ok: false, error: { kind: 'incomplete', index: words.length, message, step }, partial: value };
  }
  return { ok: true, value };
}

/** A grammar built from a static tree of keywords (for the shell's own commands and pipes). */
export interface KeywordNode {
  readonly help: string;
  readonly marker?: '>' | '+';
  /** Enter is allowed after this word. */
  readonly enter?: boolean;
  readonly pipe?: boolean;
  readonly children?: Readonly<Record<string, KeywordNode>>;
  /** A value follows; then `next` (absent: the command is complete after the value). */
  readonly value?: ValueSlot & { readonly next?: KeywordNode; readonly optional?: boolean };
  readonly incomplete?: string;
  readonly unknown?: string;
}

function stepOf(node: KeywordNode): Step {
  const keywords = Object.entries(node.children ?? {}).map(([name, c]) => ({
    name,
    help: c.help,
    marker: c.marker,
  }));
  return {
    keywords,
    value: node.value,
    enter: node.enter ?? false,
    pipe: node.pipe,
    incomplete: node.incomplete,
    unknown: node.unknown,
  };
}

/** Walks a static KeywordNode tree. */
export function keywordGrammar(root: KeywordNode): Grammar {
  return (words) => {
    let node: KeywordNode = root;
    for (const w of words) {
      const child = node.children?.[w];
      if (child) {
        node = child;
        continue;
      }
      if (node.value) {
        node = node.value.next ?? { help: '', enter: true, pipe: node.pipe };
        continue;
      }
      return NO_STEP;
    }
    return stepOf(node);
  };
}

/** An option of a command whose options may come in any order (`commit check comment "x" confirmed 5`). */
export interface OptionSpec {
  readonly help: string;
  readonly value?: ValueSlot;
  /** The value may be omitted (`confirmed [minutes]`). */
  readonly valueOptional?: boolean;
  /** Options that cannot be combined with this one. */
  readonly excludes?: readonly string[];
}

/** A grammar for `<keyword> [option...]`: each option at most once, in any order. */
export function optionsGrammar(
  options: Readonly<Record<string, OptionSpec>>,
  opts: { pipe?: boolean } = {},
): Grammar {
  return (words) => {
    const used = new Set<string>();
    let pendingValue: OptionSpec | undefined;
    for (const w of words) {
      if (pendingValue) {
        const spec = pendingValue;
        pendingValue = undefined;
        if (!(spec.valueOptional && options[w] && !used.has(w))) continue;
      }
      const spec = options[w];
      if (!spec || used.has(w)) return NO_STEP;
      used.add(w);
      if (spec.value) pendingValue = spec;
    }
    const blocked = new Set<string>(used);
    for (const u of used) for (const x of options[u].excludes ?? []) blocked.add(x);
    const keywords = Object.entries(options)
      .filter(([name]) => !blocked.has(name))
      .map(([name, o]) => ({ name, help: o.help }));
    if (pendingValue && !pendingValue.valueOptional) {
      return { keywords: [], value: pendingValue.value, enter: false, incomplete: 'missing argument.' };
    }
    return { keywords, value: pendingValue?.value, enter: true, pipe: opts.pipe };
  };
}
