/**
 * `show` in the shell bound to SYNTAX's printers (curly, set, JSON, YAML) and
 * the schema's reference tree. (Sessions get COMMIT's defaultLanguage.)
 */
import { defaultReftree, type Reftree } from '../reftree/reftree.js';
import { printCurly } from '../syntax/print-curly.js';
import { printJson, printYaml } from '../syntax/print-json.js';
import { printSet } from '../syntax/print-set.js';
import { quoteIfNeeded } from '../syntax/words.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { getAt, isObject } from '../tree/tree-ops.js';
import type { LanguagePort } from './backend.js';
import type { DisplayFormat } from './pipes.js';
import { inheritanceTree } from './inheritance.js';
import { opaqueSplit, showOpaque } from './show-opaque.js';

/** Prints the statement at a leaf path (`show security pki ca-profile X ca-identity`) from its parent. */
function leafText(tree: ConfigTree, path: readonly string[], reftree: Reftree): string {
  const parent = path.slice(0, -1);
  const key = path[path.length - 1];
  const p = getAt(tree, parent);
  if (!isObject(p) || p[key] === undefined) return '';
  const only: Record<string, unknown> = { [key]: p[key] };
  if (p['@' + key] !== undefined) only['@' + key] = p['@' + key];
  const text = printCurly(parent.length ? (setPath(parent, only) as ConfigTree) : (only as ConfigTree), {
    reftree,
    path: parent,
  });
  return text;
}

function setPath(path: readonly string[], leafObj: Record<string, unknown>): Record<string, unknown> {
  let o: Record<string, unknown> = leafObj;
  for (let i = path.length - 1; i >= 0; i--) o = { [path[i]]: o };
  return o;
}

/** The tree with only the branch at `path` (Junos prints JSON/YAML of a subtree from the root down). */
function pruneTo(tree: ConfigTree, path: readonly string[]): ConfigTree {
  if (path.length === 0) return tree;
  const v = getAt(tree, path);
  let o: unknown = v;
  for (let i = path.length - 1; i >= 0; i--) {
    const parent = getAt(tree, path.slice(0, i));
    const wrap: Record<string, unknown> = { [path[i]]: o };
    if (isObject(parent) && Array.isArray(parent['@order'])) wrap['@order'] = [path[i]];
    o = wrap;
  }
  return o as ConfigTree;
}

/** The shell's view of the language: the reftree and `show` in each display format. */
export function languagePort(reftree: Reftree = defaultReftree()): LanguagePort {
  return {
    reftree,
    render(configured: ConfigTree, path: readonly string[], format: DisplayFormat): string {
      // `| display inheritance`: the configuration with its groups applied, in curly text
      const inheritance = format === 'inheritance' || format === 'inheritance-no-comments';
      const tree = inheritance ? inheritanceTree(configured, reftree, format === 'inheritance') : configured;
      // a path into statements kept verbatim (`interfaces ge-0/0/0`, `security zones`, `groups PKI`)
      const split = opaqueSplit(tree, path);
      if (split) return showOpaque(tree, path, split, format, reftree);
      const v = path.length ? getAt(tree, path) : tree;
      if (v === undefined) return '';
      if (!isObject(v)) {
        if (format === 'set' || format === 'set-relative') {
          // the set lines of this leaf; relative: below its parent (`set ca-identity CA1`)
          const parent = path.slice(0, -1).map(quoteIfNeeded).join(' ');
          const own = path.map(quoteIfNeeded).join(' ');
          const lines = printSet(tree, { reftree })
            .split('\n')
            .filter((l) => [`set ${own}`, `deactivate ${own}`].some((h) => l === h || l.startsWith(`${h} `)));
          const relative = (l: string): string => {
            const verb = l.slice(0, l.indexOf(' '));
            const rest = l.slice(verb.length + 1);
            return parent && rest.startsWith(`${parent} `) ? `${verb} ${rest.slice(parent.length + 1)}` : l;
          };
          const shown = format === 'set' ? lines : lines.map(relative);
          return shown.join('\n') + '\n';
        }
        return leafText(tree, path, reftree);
      }
      switch (format) {
        case 'set':
          return printSet(tree, { reftree, path });
        case 'set-relative':
          return printSet(tree, { reftree, path, relative: true });
        case 'json':
          return printJson(pruneTo(tree, path), { reftree });
        case 'yaml':
          return printYaml(pruneTo(tree, path), { reftree });
        default:
          return printCurly(tree, { reftree, path });
      }
    },
  };
}
