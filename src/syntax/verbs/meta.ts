/**
 * The verbs that mark a statement rather than change it: activate /
 * deactivate (`inactive:`), protect / unprotect (`protect:`), annotate (a
 * comment, put between C-style delimiters unless the user wrote them).
 * metaAfter is the one account of what each leaves, for modelled statements
 * here and for unmodelled ones (opaque.ts).
 */
import type { ConfigTree, NodeMeta } from '../../tree/config-tree.js';
import { getMeta, writeMeta } from '../../tree/tree-ops.js';
import type { ConfigBuilder } from '../builder.js';
import type { Command } from '../parse-commands.js';
import type { Word } from '../words.js';
import { protectedAncestor } from './protection.js';
import { notFound, type NodeTarget } from './target.js';

export type MetaVerb = 'activate' | 'deactivate' | 'protect' | 'unprotect' | 'annotate';

type MutMeta = { -readonly [K in keyof NodeMeta]: NodeMeta[K] };

export function isMetaVerb(verb: string): verb is MetaVerb {
  return (
    verb === 'activate' ||
    verb === 'deactivate' ||
    verb === 'protect' ||
    verb === 'unprotect' ||
    verb === 'annotate'
  );
}

/** The metadata a statement carries after the verb (annotate: `comment`, the command's). */
export function metaAfter(verb: MetaVerb, cur: NodeMeta | undefined, comment: Word | undefined): MutMeta {
  const next: MutMeta = { ...(cur ?? {}) };
  switch (verb) {
    case 'deactivate':
      next.inactive = true;
      break;
    case 'activate':
      delete next.inactive;
      break;
    case 'protect':
      next.protect = true;
      break;
    case 'unprotect':
      delete next.protect;
      break;
    case 'annotate': {
      const text = comment!.text;
      if (text === '') delete next.annotation;
      else next.annotation = /^\s*(\/\*|#)/.test(text) ? text : `/* ${text} */`;
      break;
    }
  }
  return next;
}

/** A marking verb on the modelled statement at t.path. */
export function metaCommand(
  b: ConfigBuilder,
  c: Command,
  verb: MetaVerb,
  t: NodeTarget,
  exists: boolean,
): void {
  if (!exists) return notFound(b, c, t.path);
  if (verb !== 'unprotect' && verb !== 'protect') {
    const prot = protectedAncestor(b, t.path, true);
    if (prot) return void b.protectedWarn(prot, t.path, c.span);
  }
  if (verb === 'protect') b.noteProtect();
  writeMeta(b.w, t.path, metaAfter(verb, getMeta(b.w.root as ConfigTree, t.path), c.comment));
}
