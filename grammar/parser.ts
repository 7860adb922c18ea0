/**
 * The Chevrotain grammar (EBNF in grammar/README.md): the curly-brace format
 * and one configuration-mode command line. Generic: what a word means is the
 * Reftree's business (src/reftree). One parser instance, built on first use.
 */
import { CstParser, type CstNode, type IRecognitionException, type IToken } from 'chevrotain';
import type { CommandLineCstNode, ConfigFileCstNode } from './cst.js';
import {
  ALL_TOKENS,
  Annotation,
  LBrace,
  LBracket,
  Prefix,
  QString,
  RBrace,
  RBracket,
  Semi,
  Verb,
  Word,
} from './tokens.js';

export class ConfigParser extends CstParser {
  constructor() {
    super(ALL_TOKENS, {
      recoveryEnabled: true,
      nodeLocationTracking: 'none',
      maxLookahead: 2,
      // The grammar's own checks (ambiguities, left recursion) cost ~20 ms per start and
      // say nothing new once the tests passed: the shipped bundle (scripts/bundle.mjs
      // defines NODE_ENV=production) skips them; tests and tsc's dist/ run them.
      skipValidations: process.env.NODE_ENV === 'production',
    });
    this.performSelfAnalysis();
  }

  /** configFile := item* */
  configFile = this.RULE('configFile', () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  /** item := Annotation | statement */
  item = this.RULE('item', () => {
    this.OR([{ ALT: () => this.CONSUME(Annotation) }, { ALT: () => this.SUBRULE(this.statement) }]);
  });

  /** statement := Prefix* argument+ ( ';' | block ) */
  statement = this.RULE('statement', () => {
    this.MANY(() => this.CONSUME(Prefix));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.argument));
    this.OR([{ ALT: () => this.CONSUME(Semi) }, { ALT: () => this.SUBRULE(this.block) }]);
  });

  /** block := '{' item* '}' */
  block = this.RULE('block', () => {
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.item));
    this.CONSUME(RBrace);
  });

  /** argument := Word | QString | valueList */
  argument = this.RULE('argument', () => {
    this.OR([
      { ALT: () => this.CONSUME(Word) },
      { ALT: () => this.CONSUME(QString) },
      { ALT: () => this.SUBRULE(this.valueList) },
    ]);
  });

  /** valueList := '[' ( Word | QString )* ']' */
  valueList = this.RULE('valueList', () => {
    this.CONSUME(LBracket);
    this.MANY(() => this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(QString) }]));
    this.CONSUME(RBracket);
  });

  /** commandLine := Verb argument*   (one line of the set format) */
  commandLine = this.RULE('commandLine', () => {
    this.CONSUME(Verb);
    this.MANY(() => this.SUBRULE(this.argument));
  });
}

let instance: ConfigParser | undefined;

/**
 * The one parser instance, built on first use: building it runs Chevrotain's
 * self-analysis, which a set-format file on the fast path never needs.
 */
export function theParser(): ConfigParser {
  instance ??= new ConfigParser();
  return instance;
}

/** The CST as grammar/cst.d.ts types it (generated from this grammar; a test keeps it current). */
export interface ParseOutput<C extends CstNode = CstNode> {
  readonly cst: C;
  readonly errors: readonly IRecognitionException[];
}

/** Parses Chevrotain tokens of the curly format. Never throws on bad input. */
export function parseCurlyTokens(tokens: IToken[]): ParseOutput<ConfigFileCstNode> {
  return withoutStacks(() => {
    const parser = theParser();
    parser.input = tokens;
    // the rule's CST is what cst.d.ts declares for it (Chevrotain types it CstNode)
    const cst = parser.configFile() as ConfigFileCstNode;
    return { cst, errors: parser.errors.slice() };
  });
}

/**
 * Chevrotain reports errors as Error objects; capturing their stack traces is
 * most of the cost of a bad line, and nobody reads them (they become diagnostics).
 */
function withoutStacks<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Parses the tokens of one set-format line (used to explain a line the fast path rejected). */
export function parseCommandTokens(tokens: IToken[]): ParseOutput<CommandLineCstNode> {
  return withoutStacks(() => {
    const parser = theParser();
    parser.input = tokens;
    const cst = parser.commandLine() as CommandLineCstNode;
    return { cst, errors: parser.errors.slice() };
  });
}
