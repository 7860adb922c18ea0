/**
 * Which words of a statement are secrets: the one place that knows, for the
 * modelled hierarchy (schemas/junos.schema.json, `x-secret`) and for the
 * unmodelled one (schemas/junos-secrets.json, from Juniper's YANG and Junos
 * facts). The builder stores those words as `$9$`; the shell history, the
 * echo of failing script lines and the code frames of diagnostics show them
 * redacted (secretSpans, redactWords).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { K, lex, unquote } from '../../grammar/lexer.js';
import { VERB_TOKENS, PREFIX_TOKENS } from '../../grammar/tokens.js';
import { defaultReftree, findSchemaFile, type Reftree } from '../reftree/reftree.js';

const NAME = '<name>';

/** A secret statement path: keyword words (`<name>` for any word) ending at the secret leaf. */
interface SecretPath {
  readonly prefix: readonly string[];
  readonly leaf: string;
}

export interface SecretTable {
  /** Paths by their leaf keyword. */
  readonly byLeaf: ReadonlyMap<string, readonly SecretPath[]>;
}

/** Compiles the paths of a secrets document (the JSON of schemas/junos-secrets.json) plus extra ones. */
function compileSecretTable(doc: unknown, extra: readonly (readonly string[])[] = []): SecretTable {
  const byLeaf = new Map<string, SecretPath[]>();
  const add = (words: readonly string[]): void => {
    if (words.length === 0) return;
    const leaf = words[words.length - 1];
    const list = byLeaf.get(leaf) ?? [];
    list.push({ prefix: words.slice(0, -1), leaf });
    byLeaf.set(leaf, list);
  };
  for (const part of Object.values(doc as Record<string, unknown>)) {
    const paths = (part as { paths?: unknown } | null)?.paths;
    if (Array.isArray(paths)) for (const p of paths) if (typeof p === 'string') add(p.split(' '));
  }
  for (const p of extra) add(p.map((w) => (w === '*' ? NAME : w)));
  return { byLeaf };
}

let cachedTable: SecretTable | undefined;

/** schemas/junos-secrets.json and the schema's own secret leaves (so they count under `groups` too), once. */
export function defaultSecretTable(): SecretTable {
  if (!cachedTable) {
    const rt = defaultReftree();
    const file = join(dirname(findSchemaFile()), 'junos-secrets.json');
    cachedTable = compileSecretTable(JSON.parse(readFileSync(file, 'utf8')) as unknown, rt.secretPaths);
  }
  return cachedTable;
}

/** Options of secretWordIndices. */
export interface SecretWordOptions {
  readonly rt?: Reftree;
  readonly table?: SecretTable;
}

/**
 * Indices of the words that hold a secret value, for the words of one
 * statement from the configuration root (no verb; values quoted or not).
 * The modelled part is walked in the Reftree (several leaves on one line,
 * keyword-less values); from the first word the schema does not model on,
 * the words are matched against the secrets table: a path's keywords in a row
 * (anywhere in the line, so under `groups G` or `routing-instances R` too),
 * then its leaf keyword, possibly after sibling leaves
 * (`authentication-key 1 type md5 value X`), then the value.
 */
export function secretWordIndices(words: readonly string[], opts: SecretWordOptions = {}): number[] {
  const rt = opts.rt ?? defaultReftree();
  const out: number[] = [];
  let scope = rt.root;
  let i = 0;
  walk: while (i < words.length) {
    const child = scope.children.get(words[i]);
    if (!child) {
      if (scope.nokeywordChild) {
        if (scope.children.get(scope.nokeywordChild)!.secret) out.push(i);
        i++;
        continue;
      }
      break;
    }
    switch (child.kind) {
      case 'container':
        scope = child;
        i++;
        break;
      case 'list':
        scope = child.entry!;
        i += 2;
        break;
      case 'leaf':
        if (child.secret && i + 1 < words.length) out.push(i + 1);
        i += 2;
        break;
      case 'flag':
        i++;
        break;
      default:
        // a leaf-list ends what can be told: its values may be a [ ] list
        i = words.length;
        break walk;
    }
  }
  if (i < words.length) out.push(...tableMatches(words, i, opts.table ?? defaultSecretTable()));
  return out;
}

/** Values of table paths whose leaf keyword is at index >= from. */
function tableMatches(words: readonly string[], from: number, table: SecretTable): number[] {
  const out: number[] = [];
  for (let j = from; j + 1 < words.length; j++) {
    const paths = table.byLeaf.get(words[j]);
    if (!paths) continue;
    if (paths.some((p) => prefixBefore(words, p.prefix, j))) {
      out.push(j + 1);
      j++;
    }
  }
  return out;
}

/** Whether prefix occurs as consecutive words ending at or before index end (exclusive). */
function prefixBefore(words: readonly string[], prefix: readonly string[], end: number): boolean {
  if (prefix.length === 0) return true;
  for (let s = end - prefix.length; s >= 0; s--) {
    let ok = true;
    for (let k = 0; k < prefix.length && ok; k++) ok = prefix[k] === NAME || prefix[k] === words[s + k];
    if (ok) return true;
  }
  return false;
}

/** A half-open range of offsets [start, end) into a text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The ranges of secret values in a configuration text (curly or set lines;
 * a set line's words after its verb are taken from the root). Curly
 * statements are read with the words of their enclosing blocks. For the code
 * frames of diagnostics: the renderer masks these ranges.
 */
export function secretSpans(text: string, opts: SecretWordOptions = {}): TextRange[] {
  const lexed = lex(text, 0, text.length, true);
  const out: TextRange[] = [];
  const stack: string[][] = [];
  let context: string[] = [];
  let words: string[] = [];
  let ranges: TextRange[] = [];
  let setLine = false;
  let inList = 0;
  const finish = (): void => {
    if (words.length > 0) {
      const full = setLine ? words.slice(1) : [...context, ...words];
      const base = setLine ? -1 : context.length;
      for (const ix of secretWordIndices(full, opts)) {
        const r = ranges[ix - base];
        if (ix - base >= 0 && r) out.push(r);
      }
    }
    words = [];
    ranges = [];
    setLine = false;
  };
  for (let t = 0; t < lexed.kinds.length; t++) {
    const kind = lexed.kinds[t];
    const start = lexed.starts[t];
    const end = lexed.ends[t];
    if (inList > 0) {
      if (kind === K.RBracket) inList--;
      continue;
    }
    switch (kind) {
      case K.Word:
      case K.QString: {
        const raw = text.slice(start, end);
        if (kind === K.Word && words.length === 0 && PREFIX_TOKENS.has(raw)) break;
        if (words.length === 0 && kind === K.Word && VERB_TOKENS.has(raw)) setLine = true;
        words.push(kind === K.QString ? unquote(raw) : raw);
        ranges.push({ start, end });
        break;
      }
      case K.LBracket:
        inList++;
        words.push('[');
        ranges.push({ start, end });
        break;
      case K.Newline:
        if (setLine) finish();
        break;
      case K.Semi:
        finish();
        break;
      case K.LBrace:
        stack.push(context);
        context = [...context, ...words];
        words = [];
        ranges = [];
        break;
      case K.RBrace:
        finish();
        context = stack.pop() ?? [];
        break;
      default:
        break;
    }
  }
  finish();
  return out;
}
