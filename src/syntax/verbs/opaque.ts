/**
 * delete / (de)activate / protect / annotate on statements of unmodelled
 * hierarchies (the opaque statements of opaque-list.ts): find the statement
 * the words name, splitting a statement written on one line where the words
 * end inside it, then edit it in place along its chain of blocks.
 */
import { OPAQUE_KEY, type OpaqueStatement } from '../../tree/config-tree.js';
import type { ConfigBuilder } from '../builder.js';
import { findOpaque, splitOpaque } from '../opaque-find.js';
import { segment, shapeAt } from '../opaque-shapes.js';
import type { Command } from '../parse-commands.js';
import { pruneOpaque } from './delete.js';
import { isMetaVerb, metaAfter } from './meta.js';
import { opaqueHasProtected, protectedAncestor } from './protection.js';
import { notFound, type OpaqueTarget } from './target.js';

/** True if words (below the open container at path) end at a oneliner block's header (junos-shapes.json). */
function isOnelinerHeader(path: readonly string[], words: readonly string[]): boolean {
  const shape = shapeAt(path);
  if (!shape) return false;
  const { segs, tail } = segment(shape, words);
  const last = segs[segs.length - 1];
  return tail.length === 0 && !!last?.shape?.oneliner;
}

/** The command on the unmodelled statement t names. */
export function opaqueCommand(b: ConfigBuilder, c: Command, t: OpaqueTarget): void {
  const obj = b.w.existing(t.containerPath);
  const exact = obj && findOpaque(obj[OPAQUE_KEY] as OpaqueStatement[] | undefined, t.words);
  const any = exact ?? (obj && findOpaque(obj[OPAQUE_KEY] as OpaqueStatement[] | undefined, t.words, true));
  if (!obj || !any) return notFound(b, c, [...t.containerPath, ...t.words]);
  const list = b.w.array<OpaqueStatement>(obj, OPAQUE_KEY);
  let found = exact;
  if (!found) {
    // `then accept;` is the block `then` printed on one line: it is the named statement
    if (isOnelinerHeader(t.containerPath, t.words)) found = any;
    else {
      splitOpaque(list, t.words);
      found = findOpaque(list, t.words);
    }
  }
  if (!found) return notFound(b, c, [...t.containerPath, ...t.words]);
  if (c.verb !== 'protect' && c.verb !== 'unprotect') {
    const prot = protectedOnTheWay(b, c, t, list, found.chain);
    if (prot)
      return void b.protectedWarn(
        prot,
        [...t.containerPath, ...t.words],
        c.span,
        c.verb === 'delete' ? 'deleted' : 'modified',
      );
  }
  editAlong(b, c, t, list, found.chain);
}

/** A protected modelled ancestor, or a protected statement on the way (itself too for delete). */
function protectedOnTheWay(
  b: ConfigBuilder,
  c: Command,
  t: OpaqueTarget,
  list: readonly OpaqueStatement[],
  chain: readonly number[],
): string[] | undefined {
  let prot = protectedAncestor(b, t.containerPath);
  let l: readonly OpaqueStatement[] = list;
  const p = [...t.containerPath];
  chain.forEach((i, n) => {
    const st = l[i];
    p.push(...st.words);
    const self = n === chain.length - 1;
    if (!prot && st.meta?.protect && (!self || c.verb === 'delete')) prot = p.slice();
    l = st.children ?? [];
  });
  return prot;
}

/** Applies the verb to the statement at the end of chain, copying the blocks on the way. */
function editAlong(
  b: ConfigBuilder,
  c: Command,
  t: OpaqueTarget,
  l: OpaqueStatement[],
  chain: readonly number[],
): void {
  const i = chain[0];
  if (chain.length > 1) {
    const children = l[i].children!.slice();
    editAlong(b, c, t, children, chain.slice(1));
    l[i] = { ...l[i], children };
    return;
  }
  const s = l[i];
  if (c.verb === 'delete') {
    if (s.children && opaqueHasProtected(s.children)) {
      l[i] = { ...s, children: pruneOpaque(b, s.children, [...t.containerPath, ...t.words], c.span) };
    } else l.splice(i, 1);
    return;
  }
  if (!isMetaVerb(c.verb)) {
    b.error({
      code: 'INVALID_COMMAND',
      message: `error: ${c.verb} is not supported in unmodelled hierarchies`,
      span: c.span,
    });
    return;
  }
  const meta = metaAfter(c.verb, s.meta, c.comment);
  const { meta: _old, ...rest } = s;
  l[i] = Object.keys(meta).length ? { ...rest, meta } : rest;
}
