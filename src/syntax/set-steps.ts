/**
 * The shared-prefix cache of set lines from the root: consecutive lines that
 * share a path prefix (`set security pki ca-profile X ...` ten times) resume
 * from the deepest shared container or list-entry step of the previous line
 * instead of resolving and copying the prefix again. walk.ts and fast-set.ts
 * both make and resume steps; the builder keeps the list and forgets it when
 * anything but `set` changes the tree.
 */
import type { MutObject } from '../tree/tree-ops.js';
import type { RefNode } from '../reftree/reftree.js';
import type { Word } from './words.js';

/** One container or list-entry step of the previous set line from the root. */
export interface Step {
  /** The step's words: a container's name, or a list keyword and (name2) an entry name. */
  readonly name: string;
  readonly name2: string | undefined;
  readonly obj: MutObject;
  readonly scope: RefNode;
  /** The step's path; fastSet's steps have none until walk() resumes from them (made from rec). */
  path: string[] | undefined;
  /** The span record id that names the step's path (fastSet's parent of later records); -1: none yet. */
  rec: number;
  /**
   * fastSet's chain steps: the line that made the step (text and offset of its
   * `set`), the length from `set` to the end of the step's last word, and the
   * number of words (with `set`) up to there.
   */
  readonly line: string | undefined;
  readonly lineStart: number;
  readonly len: number;
  readonly words: number;
}

/** A step made by walk(): its path is known, its record is made when fastSet resumes from it. */
export function walkStep(
  name: string,
  name2: string | undefined,
  obj: MutObject,
  scope: RefNode,
  path: string[],
): Step {
  return { name, name2, obj, scope, path, rec: -1, line: undefined, lineStart: 0, len: 0, words: 0 };
}

/**
 * How many steps of prev the words start with (k), and the index of the
 * first word after them (at).
 */
export function sharedSteps(prev: readonly Step[], words: readonly Word[]): { k: number; at: number } {
  let k = 0;
  let at = 0;
  for (; k < prev.length; k++) {
    const st = prev[k];
    const m = st.name2 === undefined ? 1 : 2;
    if (at + m > words.length) break;
    const w0 = words[at];
    if (w0.list || w0.text !== st.name) break;
    if (m === 2 && (words[at + 1].list || words[at + 1].text !== st.name2)) break;
    at += m;
  }
  return { k, at };
}
