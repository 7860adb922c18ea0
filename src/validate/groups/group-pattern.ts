/**
 * Wildcard entries of a configuration group (junos-cli.md §8): a list entry
 * named `<pattern>` in a group (`ca-profile <*>`, `<ge-*>`, `<xe-0/0/[0-3]>`:
 * glob `*`, `?`, `[...]`) applies to every entry of that list whose name
 * matches, and is never created itself. This module says which entries of a
 * group's list apply to a configured entry.
 */
import { isInactive, isObject, type ConfigObject } from '../../tree/config-tree.js';
import { listNames } from '../../tree/tree-ops.js';

/** True for a wildcard identifier of a group: `<*>`, `<ge-*>`, `<xe-0/0/[0-3]>`. */
export function isPattern(name: string): boolean {
  return name.length > 2 && name.startsWith('<') && name.endsWith('>');
}

const patternCache = new Map<string, RegExp>();

/** Whether an identifier matches a group wildcard `<glob>` (`*`, `?`, `[a-z]`, `[!a-z]`). */
export function matchesPattern(pattern: string, name: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    re = globRegExp(pattern.slice(1, -1));
    patternCache.set(pattern, re);
  }
  return re.test(name);
}

/** The anchored RegExp of a glob; one that cannot compile matches nothing. */
function globRegExp(glob: string): RegExp {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        src += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      src += '[' + body.replace(/[\\\]]/g, '\\$&') + ']';
      i = close;
    } else src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp('^(?:' + src + ')$');
  } catch {
    return /^$(?!)/;
  }
}

/**
 * The `<pattern>` names of a group's list, in list order: found once per list
 * object (a group's trees are built once and not changed after), not once per
 * configured entry, so that expanding a list of N entries against a group list
 * of M is not N x M.
 */
const patternsMemo = new WeakMap<ConfigObject, readonly string[]>();

function patternsOf(list: ConfigObject): readonly string[] {
  let ps = patternsMemo.get(list);
  if (!ps) {
    ps = listNames(list).filter(isPattern);
    if (Object.isFrozen(list)) patternsMemo.set(list, ps);
  }
  return ps;
}

/** The entries of a group's list that apply to entry `name`: the exact one, then matching patterns. */
export function entriesFor(list: ConfigObject, name: string): { name: string; node: ConfigObject }[] {
  const out: { name: string; node: ConfigObject }[] = [];
  const exact = list[name];
  if (isObject(exact) && !isInactive(exact)) out.push({ name, node: exact });
  for (const n of patternsOf(list)) {
    if (n === name) continue;
    const e = list[n];
    if (isObject(e) && !isInactive(e) && matchesPattern(n, name)) out.push({ name: n, node: e });
  }
  return out;
}
