/**
 * The generated YANG schema as grammar: the step after a configuration path
 * outside the hierarchies whose hand-written schema is the authority
 * (`security pki`, `security ike`), and the YANG keywords beside the
 * hand-written ones at an open container.
 */
import type { ConfigTree } from '../tree/config-tree.js';
import { GROUP_STATEMENTS } from '../reftree/reftree.js';
import { yangRoot, yangSchema, yangStep, type YangState } from '../reftree/yang-schema.js';
import { yangNext, type YangSlot } from '../reftree/yang/yang-help.js';
import { GROUP_NODES, groupRows } from './group-grammar.js';
import type { Step, ValueSlot } from './grammar.js';
import type { PathVerb } from './schema-grammar.js';
import { leafSlot } from './schema-value.js';

/** The hierarchies under `security` whose hand-written schema is the authority (no YANG help there). */
const HAND_WRITTEN: ReadonlySet<string> = new Set(['pki', 'ike']);

export const UNMODELLED: Step = {
  keywords: [],
  value: { placeholder: 'statement', help: 'Unmodelled statement' },
  enter: true,
};

function slotOf(s: YangSlot): ValueSlot {
  return { placeholder: s.placeholder, help: s.help, check: s.check, ...(s.secret ? { secret: true } : {}) };
}

/** The walk state of `words` from the root of the generated schema, or undefined at a word that fits nowhere. */
function yangStateOf(words: readonly string[]): YangState | undefined {
  const schema = yangSchema();
  if (!schema) return undefined;
  let st: YangState = yangRoot(schema);
  for (const w of words) {
    const r = yangStep(st, w);
    if (!r.ok) return undefined;
    st = r.state;
  }
  return st;
}

/**
 * The step after `words` (a configuration path from the root, outside `security
 * pki`/`ike`) in the generated YANG schema: the same shape of answer as for
 * the hand-written schema, each keyword with its type as help.
 */
export function yangPathStep(tree: ConfigTree, words: readonly string[], verb: PathVerb): Step {
  const st = yangStateOf(words);
  if (!st) return { keywords: [], enter: false };
  if (st.s === 'any') return UNMODELLED;
  if (st.s === 'value' && GROUP_STATEMENTS.has(st.ref.name)) {
    const g = GROUP_NODES.get(st.ref.name)!;
    return {
      keywords: verb === 'set' ? [{ name: '[', help: 'Open a set of values' }] : [],
      value: leafSlot(g, tree),
      enter: verb !== 'set',
      incomplete: verb === 'set' ? 'missing argument.' : undefined,
    };
  }
  const next = yangNext(st, verb === 'edit');
  const value = next.value && slotOf(next.value);
  if (st.s === 'value') {
    return {
      keywords: verb === 'set' ? next.keywords : [],
      value: verb === 'set' ? value : undefined,
      enter: verb !== 'set',
      pipe: verb === 'show',
      incomplete: verb === 'set' ? 'missing argument.' : undefined,
    };
  }
  if (st.s === 'scope' || st.s === 'root') {
    const keywords = [...groupRows(verb, st.s === 'root'), ...next.keywords];
    return { keywords, value, enter: true, pipe: verb === 'show' };
  }
  // a list key or group name
  return {
    keywords: next.keywords,
    value,
    enter: next.complete || (verb !== 'set' && verb !== 'edit'),
    pipe: verb === 'show',
    incomplete: 'missing argument.',
  };
}

/** Whether a configuration path lies in a hierarchy the YANG does not judge (`security pki`, `security ike`). */
export function handWritten(path: readonly string[]): boolean {
  return path[0] === 'security' && path[1] !== undefined && HAND_WRITTEN.has(path[1]);
}

/** The keywords the YANG has at an open container of the hand-written schema beside its own (which win). */
export function withYangKeywords(step: Step, path: readonly string[], verb: PathVerb): Step {
  if (handWritten(path)) return step;
  const st = yangStateOf(path);
  if (!st || (st.s !== 'scope' && st.s !== 'root')) return step;
  const known = new Set(step.keywords.map((k) => k.name));
  const extra = yangNext(st, verb === 'edit').keywords.filter((k) => !known.has(k.name));
  return { ...step, keywords: [...step.keywords, ...extra] };
}
