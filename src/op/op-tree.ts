/**
 * The operational-command tree as data: keyword nodes with help text (what
 * `?` lists), and at some nodes a command with its arguments (keyword +
 * value, flag keyword, or enum), which are mandatory, and what kind of value
 * each takes (for completion). The specs (src/op/specs/) hold no
 * implementation: each `run` loads its module on first call (lazyRun);
 * `commands.ts` lists them and `defaultOpTree()` builds the tree once.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { OpContext } from './op-context.js';

/** What a value is, so that completion can offer existing names. */
export type OpValueKind =
  | 'ca-profile'
  | 'certificate-id'
  | 'key-pair-id'
  | 'request-id'
  | 'filename'
  | 'subject'
  | 'domain-name'
  | 'email'
  | 'ipv4'
  | 'ipv6'
  | 'secret'
  | 'string'
  | 'number'
  | 'fingerprint';

export interface OpArgSpec {
  /** The keyword as typed (`certificate-id`, `detail`, `type`). */
  readonly name: string;
  readonly help: string;
  /** Absent: a flag keyword (`detail`, `add-ca-constraint`). */
  readonly value?: {
    /** Shown as `<placeholder>` in `?`. */
    readonly placeholder: string;
    readonly kind: OpValueKind;
    /** The value must be one of these (prefix-abbreviable, like keywords). */
    readonly choices?: readonly { readonly name: string; readonly help: string }[];
  };
  readonly mandatory?: boolean;
  /** Args sharing a group exclude each other (`certificate-id ID | all | system-generated`). */
  readonly group?: string;
}

/** Parsed arguments: value args map to their string, flags to true. */
export type OpArgs = Readonly<Record<string, string | true>>;

export interface OpResult {
  /** 0 success; 1 the command failed (diagnostics say why). Defaults from diagnostics. */
  readonly exitCode?: number;
  /** Errors and warnings to show (`error: ...`, `warning: ...`). */
  readonly diagnostics?: readonly Diagnostic[];
}

export interface OpCommandSpec {
  /** Keywords leading to the command: ['request','security','pki','generate-key-pair']. */
  readonly path: readonly string[];
  readonly help: string;
  readonly args: readonly OpArgSpec[];
  /** At least one arg of each of these groups must be given (`clear ... local-certificate`). */
  readonly requireOneOf?: readonly string[];
  /** Output may be piped (`show ...`). */
  readonly pipe?: boolean;
  readonly run: OpRun;
}

export type OpRun = (args: OpArgs, ctx: OpContext) => Promise<OpResult>;

/**
 * A command's `run` that loads its implementation on first call: the table
 * (src/op/specs/) names each implementation module in a dynamic `import()`,
 * so the bundle gives it its own chunk and a command loads only what it runs.
 */
export function lazyRun(load: () => Promise<OpRun>): OpRun {
  let run: OpRun | undefined;
  return async (args, ctx) => (run ??= await load())(args, ctx);
}

/** Help text for an intermediate keyword (`request`, `security`, `pki`, `ca-certificate`). */
export interface OpNodeSpec {
  readonly path: readonly string[];
  readonly help: string;
}

export interface OpNode {
  readonly name: string;
  readonly help: string;
  readonly children: Map<string, OpNode>;
  command?: OpCommandSpec;
}

export interface OpTree {
  readonly root: OpNode;
}

function node(name: string, help: string): OpNode {
  return { name, help, children: new Map() };
}

/** Builds a tree from node help texts and command specs; a duplicate command path is a bug. */
export function buildOpTree(nodes: readonly OpNodeSpec[], commands: readonly OpCommandSpec[]): OpTree {
  const root = node('', '');
  const walk = (path: readonly string[], help?: string): OpNode => {
    let cur = root;
    for (const [i, w] of path.entries()) {
      let next = cur.children.get(w);
      if (!next) {
        next = node(w, i === path.length - 1 && help ? help : '');
        cur.children.set(w, next);
      } else if (i === path.length - 1 && help && !next.help) {
        (next as { help: string }).help = help;
      }
      cur = next;
    }
    return cur;
  };
  for (const n of nodes) walk(n.path, n.help);
  for (const c of commands) {
    const n = walk(c.path, c.help);
    if (n.command) throw new Error(`duplicate operational command: ${c.path.join(' ')}`);
    n.command = c;
  }
  return { root };
}

/** The help texts of the keyword nodes pkicfg has, whoever registers commands below them. */
export const BASE_NODES: readonly OpNodeSpec[] = [
  { path: ['request'], help: 'Make system-level requests' },
  { path: ['show'], help: 'Show information about the system' },
  { path: ['clear'], help: 'Clear information in the system' },
  { path: ['request', 'security'], help: 'Security commands' },
  { path: ['show', 'security'], help: 'Show security information' },
  { path: ['clear', 'security'], help: 'Clear security information' },
  { path: ['request', 'security', 'pki'], help: 'Public-key infrastructure operations' },
  { path: ['show', 'security', 'pki'], help: 'Show public-key infrastructure information' },
  { path: ['clear', 'security', 'pki'], help: 'Clear public-key infrastructure information' },
  { path: ['request', 'security', 'pki', 'ca-certificate'], help: 'CA certificate operations' },
  { path: ['request', 'security', 'pki', 'local-certificate'], help: 'Local certificate operations' },
  { path: ['request', 'security', 'pki', 'crl'], help: 'Certificate revocation list operations' },
  {
    path: ['request', 'security', 'pki', 'local-certificate', 'enroll'],
    help: 'Enroll a local certificate online',
  },
  { path: ['show', 'system'], help: 'Show system information' },
];
