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
import { configuredCaProfiles, makeOpContext } from '../op/op-context.js';
import type { OpArgs, OpArgSpec, OpCommandSpec, OpNode, OpTree, OpValueKind } from '../op/op-tree.js';
import type { Interaction, OpPort, Outcome } from './backend.js';
import type { Completion, Grammar, Step, ValueSlot } from './grammar.js';
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
  const ctxFor = (out: { text: string }, io?: Interaction, display?: string) =>
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

  const argStep = (cmd: OpCommandSpec, words: readonly string[]): Step => {
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
    if (pending) {
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
  };

  const grammar: Grammar = (words) => {
    let node: OpNode = opts.tree.root;
    let i = 0;
    for (; i < words.length; i++) {
      const c = node.children.get(words[i]);
      if (!c) break;
      node = c;
    }
    if (i < words.length && !node.command) return { keywords: [], enter: false };
    const children = [...node.children.values()].map((c) => ({ name: c.name, help: c.help }));
    if (node.command) {
      const s = argStep(node.command, words.slice(i));
      if (i < words.length) return s;
      const seen = new Set(s.keywords.map((k) => k.name));
      return { ...s, keywords: [...s.keywords, ...children.filter((c) => !seen.has(c.name))] };
    }
    return {
      keywords: children,
      enter: false,
      incomplete: 'syntax error, expecting <command>.',
      unknown: 'syntax error, expecting <command>.',
    };
  };

  const find = (words: readonly string[]): { cmd: OpCommandSpec; rest: readonly string[] } | undefined => {
    let node: OpNode = opts.tree.root;
    let i = 0;
    for (; i < words.length; i++) {
      const c = node.children.get(words[i]);
      if (!c) break;
      node = c;
    }
    return node.command ? { cmd: node.command, rest: words.slice(i) } : undefined;
  };

  return {
    grammar,
    async run(words, io, display): Promise<Outcome> {
      const f = find(words);
      if (!f) return { ok: false, text: 'syntax error, expecting <command>.\n' };
      const args: Record<string, string | true> = {};
      for (let i = 0; i < f.rest.length; i++) {
        const a = f.cmd.args.find((x) => x.name === f.rest[i])!;
        if (a.value) args[a.name] = f.rest[++i];
        else args[a.name] = true;
      }
      const out = { text: '' };
      const stop = words[0] === 'request' ? io.spin('working') : () => undefined;
      let r;
      try {
        r = await f.cmd.run(args as OpArgs, ctxFor(out, io, display));
      } catch (e) {
        stop();
        return { ok: false, text: out.text + `error: ${(e as Error).message}\n` };
      }
      stop();
      const diags = (r.diagnostics ?? []).map(diagText);
      const failed =
        (r.exitCode ?? ((r.diagnostics ?? []).some((d) => d.severity === 'error') ? 1 : 0)) !== 0;
      const text = out.text + (diags.length ? diags.join('\n') + '\n' : '');
      return { ok: !failed, text };
    },
  };
}
