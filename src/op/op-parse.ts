/**
 * Parses the words of an operational command against the tree: every
 * keyword, argument name and enum value may be abbreviated to a unique
 * prefix (`sh sec pki loc det`); an ambiguous prefix lists its candidates;
 * a word that fits nowhere is reported with its index so the shell can put a
 * `^` under it. `opStep` answers "what may follow" for `?` and completion.
 */
import type { OpArgSpec, OpArgs, OpCommandSpec, OpNode, OpTree, OpValueKind } from './op-tree.js';
import { matchAbbreviation as matchName, type Abbreviated as Match } from '../reftree/abbreviation.js';

type OpErrorCode = 'OP_SYNTAX_ERROR' | 'OP_AMBIGUOUS' | 'OP_INCOMPLETE' | 'OP_INVALID_VALUE';

interface OpCandidate {
  readonly name: string;
  readonly help: string;
}

export interface OpParseError {
  readonly code: OpErrorCode;
  /** Junos wording: `syntax error, expecting <command>.`, `'s' is ambiguous.`, ... */
  readonly message: string;
  /** Index of the offending word (words.length when the line ends too early). */
  readonly index: number;
  readonly candidates?: readonly OpCandidate[];
}

export type OpParse =
  | {
      readonly ok: true;
      readonly command: OpCommandSpec;
      readonly args: OpArgs;
      readonly words: readonly string[];
    }
  | { readonly ok: false; readonly error: OpParseError; readonly words: readonly string[] };

/** What may follow the words so far (for `?`, TAB and `<[Enter]>`). */
export interface OpStep {
  readonly keywords: readonly OpCandidate[];
  readonly value?: { readonly placeholder: string; readonly help: string; readonly kind: OpValueKind };
  /** The words already form a complete command. */
  readonly enter: boolean;
  readonly pipe?: boolean;
  /** Set when the words themselves do not parse. */
  readonly error?: OpParseError;
}

interface State {
  node: OpNode;
  /** In the argument part of node.command. */
  args: Record<string, string | true>;
  /** An argument keyword that still needs its value. */
  pending?: OpArgSpec;
  expanded: string[];
}

function nodeCandidates(node: OpNode): OpCandidate[] {
  return [...node.children.values()]
    .map((c) => ({ name: c.name, help: c.help }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function usedGroups(cmd: OpCommandSpec, args: Record<string, string | true>): Set<string> {
  const s = new Set<string>();
  for (const a of cmd.args) if (a.group && a.name in args) s.add(a.group);
  return s;
}

function openArgs(cmd: OpCommandSpec, args: Record<string, string | true>): OpArgSpec[] {
  const groups = usedGroups(cmd, args);
  return cmd.args.filter((a) => !(a.name in args) && !(a.group && groups.has(a.group)));
}

function ambiguous(word: string, index: number, items: readonly OpCandidate[]): OpParseError {
  return {
    code: 'OP_AMBIGUOUS',
    message: `'${word}' is ambiguous.`,
    index,
    candidates: items.map((i) => ({ name: i.name, help: i.help })),
  };
}

/** Feeds one word; returns an error or undefined. */
function feed(state: State, word: string, index: number): OpParseError | undefined {
  if (state.pending) return feedValue(state, state.pending, word, index);
  const { node } = state;
  const inArgs = Object.keys(state.args).length > 0;
  if (!inArgs) {
    const m = matchName([...node.children.values()], word);
    // a word that names no keyword of a command's node begins its arguments
    if (!('none' in m) || !node.command) return feedKeyword(state, m, word, index);
  }
  return feedArgument(state, word, index);
}

/** The value of the argument keyword just read (one of its choices, abbreviated, when it has some). */
function feedValue(state: State, arg: OpArgSpec, word: string, index: number): OpParseError | undefined {
  state.pending = undefined;
  const choices = arg.value?.choices;
  if (choices) {
    const m = matchName(choices, word);
    if ('ambiguous' in m) return ambiguous(word, index, m.ambiguous);
    if ('none' in m) {
      return {
        code: 'OP_INVALID_VALUE',
        message: `syntax error, expecting ${choices.map((c) => c.name).join(' | ')}.`,
        index,
        candidates: choices,
      };
    }
    state.args[arg.name] = m.hit.name;
    state.expanded.push(m.hit.name);
    return undefined;
  }
  state.args[arg.name] = word;
  state.expanded.push(word);
  return undefined;
}

/** A keyword of the command tree, matched (`m`) among the children of the current node. */
function feedKeyword(state: State, m: Match<OpNode>, word: string, index: number): OpParseError | undefined {
  const { node } = state;
  if ('hit' in m) {
    state.node = m.hit;
    state.expanded.push(m.hit.name);
    return undefined;
  }
  if ('ambiguous' in m) {
    // A keyword prefix that also prefixes an argument name of this command is still ambiguous.
    const argHits = node.command
      ? openArgs(node.command, state.args).filter((a) => a.name.startsWith(word))
      : [];
    return ambiguous(word, index, [...m.ambiguous.map((c) => ({ name: c.name, help: c.help })), ...argHits]);
  }
  return {
    code: 'OP_SYNTAX_ERROR',
    message: 'syntax error, expecting <command>.',
    index,
    candidates: nodeCandidates(node),
  };
}

/** An argument name of the current node's command: at most once, and one of each exclusive group. */
function feedArgument(state: State, word: string, index: number): OpParseError | undefined {
  const cmd = state.node.command;
  if (!cmd) return { code: 'OP_SYNTAX_ERROR', message: 'syntax error, expecting <command>.', index };
  const m = matchName(cmd.args, word);
  if ('ambiguous' in m) return ambiguous(word, index, m.ambiguous);
  if ('none' in m) {
    return {
      code: 'OP_SYNTAX_ERROR',
      message: 'syntax error.',
      index,
      candidates: openArgs(cmd, state.args),
    };
  }
  const arg = m.hit;
  if (arg.name in state.args) {
    return { code: 'OP_SYNTAX_ERROR', message: `syntax error, '${arg.name}' is already given.`, index };
  }
  const clash = arg.group ? cmd.args.find((a) => a.group === arg.group && a.name in state.args) : undefined;
  if (clash) {
    return {
      code: 'OP_SYNTAX_ERROR',
      message: `syntax error, '${arg.name}' cannot be used with '${clash.name}'.`,
      index,
    };
  }
  state.expanded.push(arg.name);
  if (arg.value) {
    state.pending = arg;
    state.args[arg.name] = '';
  } else {
    state.args[arg.name] = true;
  }
  return undefined;
}

function missing(cmd: OpCommandSpec, args: Record<string, string | true>): string | undefined {
  const mand = cmd.args.find(
    (a) => a.mandatory && !(a.name in args) && !(a.group && usedGroups(cmd, args).has(a.group)),
  );
  if (mand) return `missing mandatory argument: ${mand.name}.`;
  for (const g of cmd.requireOneOf ?? []) {
    if (!usedGroups(cmd, args).has(g)) {
      return `syntax error, expecting ${cmd.args
        .filter((a) => a.group === g)
        .map((a) => a.name)
        .join(' | ')}.`;
    }
  }
  return undefined;
}

/** Parses a whole command line (already split into words). */
export function parseOpWords(tree: OpTree, words: readonly string[]): OpParse {
  const state: State = { node: tree.root, args: {}, expanded: [] };
  for (const [i, w] of words.entries()) {
    const err = feed(state, w, i);
    if (err) return { ok: false, error: err, words: state.expanded };
  }
  // A secret keyword may end the line without its value: the command asks for it
  // (src/op/secret-arg.ts), so that it is not in the words.
  if (state.pending?.value?.kind === 'secret') {
    state.args[state.pending.name] = true;
    state.pending = undefined;
  }
  if (state.pending) {
    const p = state.pending;
    return {
      ok: false,
      error: {
        code: 'OP_INCOMPLETE',
        message: `syntax error, expecting <${p.value?.placeholder ?? p.name}>.`,
        index: words.length,
      },
      words: state.expanded,
    };
  }
  const cmd = state.node.command;
  if (!cmd) {
    return {
      ok: false,
      error: {
        code: 'OP_INCOMPLETE',
        message: 'syntax error, expecting <command>.',
        index: words.length,
        candidates: nodeCandidates(state.node),
      },
      words: state.expanded,
    };
  }
  const miss = missing(cmd, state.args);
  if (miss)
    return {
      ok: false,
      error: { code: 'OP_INCOMPLETE', message: miss, index: words.length },
      words: state.expanded,
    };
  return { ok: true, command: cmd, args: { ...state.args }, words: state.expanded };
}

/** What may follow `words` (which may be abbreviated). */
export function opStep(tree: OpTree, words: readonly string[]): OpStep {
  const state: State = { node: tree.root, args: {}, expanded: [] };
  for (const [i, w] of words.entries()) {
    const err = feed(state, w, i);
    if (err) return { keywords: [], enter: false, error: err };
  }
  if (state.pending) {
    const p = state.pending;
    const v = p.value!;
    return {
      keywords: v.choices ?? [],
      value: v.choices ? undefined : { placeholder: v.placeholder, help: p.help, kind: v.kind },
      enter: false,
    };
  }
  const cmd = state.node.command;
  const inArgs = Object.keys(state.args).length > 0;
  const keywords: OpCandidate[] = inArgs ? [] : nodeCandidates(state.node);
  if (cmd) keywords.push(...openArgs(cmd, state.args).map((a) => ({ name: a.name, help: a.help })));
  keywords.sort((a, b) => a.name.localeCompare(b.name));
  return { keywords, enter: !!cmd && missing(cmd, state.args) === undefined, pipe: cmd?.pipe };
}
