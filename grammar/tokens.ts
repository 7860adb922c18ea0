/**
 * Token types of the Junos configuration language. Generic: words, quoted
 * strings, structure, comments, the configuration-mode verbs and the
 * statement prefixes. Nothing here knows PKI; the schema gives words meaning.
 *
 * Verbs and prefixes are in the `Word` category, so that a keyword-looking
 * word (a ca-profile named `set`, a value `delete`) is still a word wherever
 * a word may stand: keywords are context-sensitive, as in Junos.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** A maximal run of characters other than whitespace and ; { } [ ] " # (Junos/Batfish rule). */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA });
export const PlainWord = createToken({
  name: 'PlainWord',
  pattern: /[^\s;{}[\]"#]+/,
  // The complement class defeats Chevrotain's first-char optimisation; the
  // table-driven scanner in lexer.ts is what runs, this is the reference.
  categories: [Word],
});
export const QString = createToken({ name: 'QString', pattern: /"(?:[^"\\]|\\[\s\S])*"/, line_breaks: true });
export const LBrace = createToken({ name: 'LBrace', pattern: '{', label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: '}', label: "'}'" });
export const Semi = createToken({ name: 'Semi', pattern: ';', label: "';'" });
export const LBracket = createToken({ name: 'LBracket', pattern: '[', label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: ']', label: "']'" });
export const Annotation = createToken({ name: 'Annotation', pattern: /\/\*[\s\S]*?\*\//, line_breaks: true });
const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'comments' });
const Newline = createToken({
  name: 'Newline',
  pattern: /\r?\n/,
  line_breaks: true,
  group: Lexer.SKIPPED,
});
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v\r]+/, group: Lexer.SKIPPED });

/** Category of the configuration-mode verbs. */
export const Verb = createToken({ name: 'Verb', pattern: Lexer.NA });
/** Category of the statement prefixes `inactive:`, `protect:`, `replace:`, ... */
export const Prefix = createToken({ name: 'Prefix', pattern: Lexer.NA });

export const VERBS = [
  'set',
  'delete',
  'activate',
  'deactivate',
  'annotate',
  'rename',
  'copy',
  'insert',
  'protect',
  'unprotect',
  'edit',
  'up',
  'top',
] as const;
export type VerbName = (typeof VERBS)[number];

const PREFIXES = ['inactive:', 'protect:', 'replace:', 'active:', 'delete:'] as const;

const keyword = (image: string, cat: TokenType): TokenType =>
  createToken({
    name: image.replace(/[^a-z]/g, '_').replace(/^_|_$/g, '') + (cat === Verb ? 'Verb' : 'Prefix'),
    pattern: new RegExp(image.replace(/[:]/g, '\\:') + '(?![^\\s;{}[\\]"#])'),
    categories: [cat, Word],
    longer_alt: PlainWord,
  });

export const VERB_TOKENS: ReadonlyMap<string, TokenType> = new Map(VERBS.map((v) => [v, keyword(v, Verb)]));
export const PREFIX_TOKENS: ReadonlyMap<string, TokenType> = new Map(
  PREFIXES.map((p) => [p, keyword(p, Prefix)]),
);

/** All token types, in lexer priority order (keywords before the plain word). */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Newline,
  Comment,
  Annotation,
  QString,
  LBrace,
  RBrace,
  Semi,
  LBracket,
  RBracket,
  Word,
  Verb,
  Prefix,
  ...VERB_TOKENS.values(),
  ...PREFIX_TOKENS.values(),
  PlainWord,
];
