/**
 * The operational-command tree (PKI's framework in op/, where COMMIT, SCEP and
 * CMP register their commands) seen as a shell Grammar, and run with an
 * OpContext whose output the shell collects (so that it can be piped).
 * Arguments come in any order, each once; flags are keywords, values may be
 * enums (abbreviable) or names that completion offers (ca-profiles from the
 * active configuration, certificate ids, key pairs, requests from the PKI store).
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { configuredCaProfiles, makeOpContext, type OpContext } from '../op/op-context.js';
import type { OpArgs, OpArgSpec, OpCommandSpec, OpNode, OpTree, OpValueKind } from '../op/op-tree.js';
import type { Interaction, OpPort, Outcome } from './backend.js';
import type { Completion, Step, ValueSlot } from './grammar.js';
import type { PkiKind } from '../pki/pki-store.js';

export interface OpPortOptions {
  readonly tree: OpTree;
  readonly stateDir: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly interactive: boolean;
  readonly activeConfig: () => ConfigTree;
  readonly now?: () => Date;
}

const KIND_STORE: Partial<Record<OpValueKind, PkiKind>> = {
  'certificate-id': 'local',
  'key-pair-id': 'key',
  'request-id': 'request',
};

function diagText(d: Diagnostic): string {
  if (/^(error|warning):/.test(d.message)) return d.message;
  return `${d.severity === 'warning' ? 'warning' : 'error'}: ${d.message}`;
}

/** Binds an OpTree to the shell. */
export function opPort(opts: OpPortOptions): OpPort {
  const ctxFor = (out: { text: string }, io?: Interaction, display?: string): OpContext =>
    makeOpContext({
      ...(display !== undefined ? { display } : {}),
      stateDir: opts.stateDir,
      stdout: { write: (t) => void (out.text += t) },
      cwd: opts.cwd,
      env: opts.env,
      now: opts.now,
      interactive: opts.interactive,
      confirm: async (q) => {
        if (!io) return false;
        // show what the command printed so far before asking
        io.write(out.text);
        out.text = '';
        return io.confirm(q.replace(/\s*\[yes,no\].*$/, ''), false);
      },
      activeConfig: () => opts.activeConfig(),
    });

  const names = (kind: OpValueKind, help: string): Completion[] => {
    if (kind === 'ca-profile')
      return configuredCaProfiles(opts.activeConfig()).map((name) => ({ name, help }));
    const storeKind = KIND_STORE[kind];
    if (!storeKind) return [];
    try {
      return ctxFor({ text: '' })
        .pki()
        .list(storeKind)
        .map((name) => ({ name, help }));
    } catch {
      return [];
    }
  };

  return {
    grammar: (words) => grammarStep(opts.tree, words, names),
    async run(words, io, display): Promise<Outcome> {
      const { node, rest } = descend(opts.tree, words);
      if (!node.command) return { ok: false, text: 'syntax error, expecting <command>.\n' };
      const out = { text: '' };
      return runCommand(
        node.command,
        rest,
        out,
        words[0] === 'request' ? io.spin('working') : () => undefined,
        () => ctxFor(out, io, display),
      );
    },
  };
}

type Names = (kind: OpValueKind, help: string) => Completion[];

/** The deepest node the leading words name, and the words after it (the command's arguments). */
function descend(tree: OpTree, words: readonly string[]): { node: OpNode; rest: readonly string[] } {
  let node: OpNode = tree.root;
  let i = 0;
  for (; i < words.length; i++) {
    const c = node.children.get(words[i]);
    if (!c) break;
    node = c;
  }
  return { node, rest: words.slice(i) };
}

/** The shell grammar of the tree: child keywords, and a command's arguments once one is named. */
function grammarStep(tree: OpTree, words: readonly string[], names: Names): Step {
  const { node, rest } = descend(tree, words);
  if (rest.length > 0 && !node.command) return { keywords: [], enter: false };
  const children = [...node.children.values()].map((c) => ({ name: c.name, help: c.help }));
  if (node.command) {
    const s = argStep(node.command, rest, names);
    if (rest.length > 0) return s;
    const seen = new Set(s.keywords.map((k) => k.name));
    return { ...s, keywords: [...s.keywords, ...children.filter((c) => !seen.has(c.name))] };
  }
  return {
    keywords: children,
    enter: false,
    incomplete: 'syntax error, expecting <command>.',
    unknown: 'syntax error, expecting <command>.',
  };
}

/** After a command's name: its arguments in any order, each once; a value argument waits for its value. */
function argStep(cmd: OpCommandSpec, words: readonly string[], names: Names): Step {
  const given = new Map<string, string | true>();
  let pending: OpArgSpec | undefined;
  for (const w of words) {
    if (pending) {
      given.set(pending.name, w);
      pending = undefined;
      continue;
    }
    const a = cmd.args.find((x) => x.name === w);
    if (!a || given.has(a.name)) return { keywords: [], enter: false };
    if (a.value) pending = a;
    else given.set(a.name, true);
  }
  if (pending) return valueStep(pending, names);
  const usedGroups = new Set(cmd.args.filter((a) => given.has(a.name) && a.group).map((a) => a.group!));
  const keywords = cmd.args
    .filter((a) => !given.has(a.name) && !(a.group && usedGroups.has(a.group)))
    .map((a) => ({ name: a.name, help: a.help }));
  const missing = cmd.args.some((a) => a.mandatory && !given.has(a.name));
  const oneOf = (cmd.requireOneOf ?? []).every((g) => usedGroups.has(g));
  return {
    keywords,
    enter: !missing && oneOf,
    pipe: cmd.pipe ?? true,
    incomplete: 'syntax error, expecting <command>.',
    unknown: 'syntax error.',
  };
}

/** The value of PENDING: its choices, or a slot with the names completion offers. */
function valueStep(pending: OpArgSpec, names: Names): Step {
  const v = pending.value!;
  if (v.choices)
    return {
      keywords: v.choices.map((c) => ({ name: c.name, help: c.help })),
      enter: false,
      incomplete: 'missing argument.',
    };
  const slot: ValueSlot = {
    placeholder: v.placeholder,
    help: pending.help,
    names: names(v.kind, pending.help),
    ...(v.kind === 'secret' ? { secret: true } : {}),
  };
  return { keywords: [], value: slot, enter: false, incomplete: 'missing argument.' };
}

/** Runs CMD with the arguments the grammar accepted; its output and diagnostics are the outcome's text. */
async function runCommand(
  cmd: OpCommandSpec,
  rest: readonly string[],
  out: { text: string },
  stop: () => void,
  ctx: () => OpContext,
): Promise<Outcome> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = cmd.args.find((x) => x.name === rest[i])!;
    if (a.value) args[a.name] = rest[++i];
    else args[a.name] = true;
  }
  let r;
  try {
    r = await cmd.run(args as OpArgs, ctx());
  } catch (e) {
    stop();
    return { ok: false, text: out.text + `error: ${(e as Error).message}\n` };
  }
  stop();
  const diags = (r.diagnostics ?? []).map(diagText);
  const failed = (r.exitCode ?? ((r.diagnostics ?? []).some((d) => d.severity === 'error') ? 1 : 0)) !== 0;
  const text = out.text + (diags.length ? diags.join('\n') + '\n' : '');
  return { ok: !failed, text };
}
