// In-memory stand-ins for the shell's seams (backend.ts): enough to test the
// shell's own behaviour (modes, help, carets, pipes) without the store.
import { defaultReftree } from '../../../src/reftree/reftree.js';
import type {
  ConfigBackend,
  ConfigSession,
  EditMode,
  Interaction,
  LanguagePort,
  OpPort,
  Outcome,
} from '../../../src/shell/backend.js';
import { keywordGrammar } from '../../../src/shell/grammar.js';
import { Shell } from '../../../src/shell/shell.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';
import { deleteAt, getAt, isObject, setAt } from '../../../src/tree/tree-ops.js';
import { splitWords } from '../../../src/shell/words.js';

const reftree = defaultReftree();

function isList(p: readonly string[]): boolean {
  return reftree.nodeAt(p)?.kind === 'list';
}

function printNode(v: unknown, indent: string, out: string[]): void {
  if (!isObject(v)) return;
  for (const k of Object.keys(v)) {
    if (k.startsWith('@')) continue;
    const c = v[k];
    if (isObject(c)) {
      out.push(`${indent}${k} {`);
      printNode(c, indent + '    ', out);
      out.push(`${indent}}`);
    } else out.push(`${indent}${k}${c === true ? '' : ' ' + String(c)};`);
  }
}

export const fakeLanguage: LanguagePort = {
  reftree,
  render(tree, path, format) {
    const sub = path.length ? getAt(tree, path) : tree;
    if (format === 'json') return JSON.stringify(sub ?? {}, null, 4) + '\n';
    const out: string[] = [];
    printNode(sub, '', out);
    if (format === 'set') {
      const lines: string[] = [];
      const walk = (v: unknown, p: string[]) => {
        if (!isObject(v))
          return void lines.push(`set ${[...p, ...(v === true ? [] : [String(v)])].join(' ')}`);
        for (const k of Object.keys(v)) if (!k.startsWith('@')) walk(v[k], [...p, k]);
      };
      walk(sub, [...path]);
      return lines.join('\n') + (lines.length ? '\n' : '');
    }
    return out.length ? out.join('\n') + '\n' : '';
  },
};

export class FakeBackend implements ConfigBackend {
  activeTree: ConfigTree = {};
  candidateTree: ConfigTree = {};
  revs: ConfigTree[] = [{}];
  pending: number | undefined;
  active(): ConfigTree {
    return this.activeTree;
  }
  enter(mode: EditMode): { ok: true; session: ConfigSession; notice: string } {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const b = this;
    const session: ConfigSession = {
      mode,
      candidate: () => b.candidateTree,
      isModified: () => JSON.stringify(b.candidateTree) !== JSON.stringify(b.activeTree),
      async apply(line, _source, editPath): Promise<Outcome> {
        const ws = splitWords(line).words.map((w) => w.text);
        const verb = ws.shift();
        const path = [...editPath, ...ws];
        if (verb === 'set') {
          const node = reftree.nodeAt(path);
          if (node && (node.kind === 'container' || node.kind === 'flag'))
            b.candidateTree = setAt(b.candidateTree, path, node.kind === 'flag' ? true : {}, isList);
          else b.candidateTree = setAt(b.candidateTree, path.slice(0, -1), path[path.length - 1], isList);
          return { ok: true, text: '' };
        }
        if (verb === 'delete') {
          if (getAt(b.candidateTree, path) === undefined)
            return { ok: true, text: 'warning: statement not found\n' };
          b.candidateTree = path.length ? deleteAt(b.candidateTree, path) : {};
          return { ok: true, text: '' };
        }
        return { ok: true, text: '' };
      },
      async commit(req) {
        if (req.check) return { ok: true, text: 'configuration check succeeds\n' };
        b.activeTree = b.candidateTree;
        b.revs.unshift(b.activeTree);
        if (req.confirmedMinutes) b.pending = req.confirmedMinutes;
        else b.pending = undefined;
        return {
          ok: true,
          text:
            (req.confirmedMinutes
              ? `commit confirmed will be automatically rolled back in ${req.confirmedMinutes} minutes unless confirmed\n`
              : '') + 'commit complete\n',
        };
      },
      async rollback(n) {
        const t = b.revs[n];
        if (!t) return { ok: false, text: `error: rollback ${n} does not exist\n` };
        b.candidateTree = t;
        return { ok: true, text: 'load complete\n' };
      },
      async load() {
        return { ok: true, text: 'load complete\n' };
      },
      compare(rollback) {
        const old = rollback === undefined ? b.activeTree : b.revs[rollback];
        return {
          ok: true,
          text: JSON.stringify(old) === JSON.stringify(b.candidateTree) ? '' : '[edit]\n+  (changed)\n',
        };
      },
      update: () => ({ ok: true, text: 'load complete\n' }),
      status: () =>
        'Users currently editing the configuration:\n  admin terminal pts/0 (pid 1) on since 2026-11-27 03:00:00 UTC\n      [edit]\n',
      close() {
        if (mode !== 'shared') b.candidateTree = b.activeTree;
      },
    };
    return { ok: true, session, notice: '' };
  }
  revisions() {
    return this.revs.map((_, i) => ({ index: i, summary: `2026-11-27 03:0${i}:00 UTC by admin via cli` }));
  }
  expireConfirm() {
    return '';
  }
  pendingConfirm() {
    return this.pending ? { minutes: this.pending } : undefined;
  }
  lastCommitHeader() {
    return '';
  }
  compareActive(rollback: number) {
    const old = this.revs[rollback];
    return {
      ok: true,
      text: JSON.stringify(old) === JSON.stringify(this.activeTree) ? '' : '[edit]\n+  (changed)\n',
    };
  }
  showCommits() {
    return (
      this.revisions()
        .map((r) => `${String(r.index).padEnd(4)}${r.summary}`)
        .join('\n') + '\n'
    );
  }
}

export const fakeOp: OpPort = {
  grammar: keywordGrammar({
    help: '',
    children: {
      show: {
        help: 'Show system information',
        children: {
          security: {
            help: 'Show security information',
            children: {
              pki: {
                help: 'Show public-key infrastructure information',
                children: {
                  'local-certificate': {
                    help: 'Show local certificate information',
                    enter: true,
                    pipe: true,
                    children: { detail: { help: 'Display detailed output', enter: true, pipe: true } },
                  },
                  'ca-certificate': {
                    help: 'Show certificate-authority certificate information',
                    enter: true,
                    pipe: true,
                  },
                },
              },
            },
          },
        },
      },
      request: { help: 'Make system-level requests', children: {} },
    },
  }),
  async run(words) {
    return { ok: true, text: `ran: ${words.join(' ')}\nline two\nline three\n` };
  },
};

/** Answers confirmation prompts from a queue; records what was printed. */
export class ScriptedIO implements Interaction {
  answers: string[] = [];
  printed = '';
  write(text: string): void {
    this.printed += text;
  }
  async confirm(question: string, defaultYes: boolean): Promise<boolean> {
    const a = this.answers.shift() ?? '';
    this.printed += `${question} [yes,no] (${defaultYes ? 'yes' : 'no'}) ${a}\n`;
    return a === '' ? defaultYes : /^y/i.test(a);
  }
  async readTerminal(): Promise<string> {
    return '';
  }
  spin(): () => void {
    return () => undefined;
  }
}

export function makeShell(): { sh: Shell; io: ScriptedIO; backend: FakeBackend } {
  const io = new ScriptedIO();
  const backend = new FakeBackend();
  const sh = new Shell({
    user: 'admin',
    backend,
    language: fakeLanguage,
    op: fakeOp,
    io,
    hostname: 'r1',
    cwd: '/tmp',
  });
  return { sh, io, backend };
}
