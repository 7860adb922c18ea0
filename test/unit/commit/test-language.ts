/**
 * A stand-in ConfigLanguage for commit tests: configurations are JSON trees, and
 * commands are `set|delete|deactivate|activate WORDS...` where `ca-profile`,
 * `certificate-id` and `trusted-ca-group` are lists and the last word of a set
 * is a value when it follows a leaf keyword (`ca-identity`, `url`, ...).
 * Validation: every ca-profile needs `ca-identity` (MISSING_MANDATORY).
 */
import type { ConfigPath, Diagnostic, Result } from '../../../src/diag/diagnostic.js';
import type { ConfigLanguage } from '../../../src/commit/config-language.js';
import type { ConfigObject, ConfigTree } from '../../../src/tree/config-tree.js';
import { printLines } from '../../../src/diff/print-lines.js';
import { deleteAt, getAt, getMeta, setAt, setMeta } from '../../../src/tree/tree-ops.js';

const LISTS = new Set(['ca-profile', 'certificate-id', 'trusted-ca-group']);
const LEAVES = new Set(['ca-identity', 'url', 'challenge-password', 'retry', 'description']);

function isListPath(p: ConfigPath): boolean {
  return p.length > 0 && LISTS.has(p[p.length - 1]);
}

export const testLanguage: ConfigLanguage = {
  parseConfig(text: string, source: string): Result<{ tree: ConfigTree }> {
    try {
      return { value: { tree: JSON.parse(text) as ConfigTree }, diagnostics: [] };
    } catch (e) {
      return {
        value: { tree: {} },
        diagnostics: [
          {
            code: 'INTERNAL',
            severity: 'error',
            stage: 'syntax',
            message: (e as Error).message,
            span: { source, start: 0, end: 1 },
          },
        ],
      };
    }
  },
  applyCommands(tree: ConfigTree, text: string, source: string, editPath: ConfigPath) {
    let t = tree;
    const diagnostics: Diagnostic[] = [];
    let offset = 0;
    for (const line of text.split('\n')) {
      const start = offset;
      offset += line.length + 1;
      const words = line.trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) continue;
      const [verb, ...rest] = words;
      const path = [...editPath, ...rest];
      if (verb === 'set') {
        const last = path[path.length - 2];
        if (LEAVES.has(last)) t = setAt(t, path.slice(0, -1), path[path.length - 1], isListPath);
        else if (getAt(t, path) === undefined)
          t = setAt(t, path, isListPath(path.slice(0, -1)) ? {} : true, isListPath);
      } else if (verb === 'delete') {
        if (getAt(t, path) === undefined) {
          diagnostics.push({
            code: 'INTERNAL',
            severity: 'warning',
            stage: 'syntax',
            message: 'warning: statement not found',
            span: { source, start, end: offset - 1 },
          });
        } else t = deleteAt(t, path);
      } else if (verb === 'deactivate' || verb === 'activate') {
        const m = { ...(getMeta(t, path) ?? {}) } as { inactive?: true };
        if (verb === 'deactivate') m.inactive = true;
        else delete m.inactive;
        t = setMeta(t, path, Object.keys(m).length ? m : undefined);
      } else {
        diagnostics.push({
          code: 'INTERNAL',
          severity: 'error',
          stage: 'syntax',
          message: `syntax error: ${verb}`,
          span: { source, start, end: start + verb.length },
        });
      }
    }
    return { value: { tree: t, editPath }, diagnostics };
  },
  isList: isListPath,
  validate(tree: ConfigTree): readonly Diagnostic[] {
    const out: Diagnostic[] = [];
    const profiles = getAt(tree, ['security', 'pki', 'ca-profile']) as ConfigObject | undefined;
    if (profiles) {
      for (const name of Object.keys(profiles)) {
        if (name.startsWith('@')) continue;
        if ((profiles[name] as ConfigObject)['ca-identity'] === undefined) {
          out.push({
            code: 'INTERNAL',
            severity: 'error',
            stage: 'schema',
            message: "Missing mandatory statement: 'ca-identity'",
            path: ['security', 'pki'],
            statement: `ca-profile ${name}`,
          });
        }
      }
    }
    return out;
  },
  printCurly(tree: ConfigTree, path: ConfigPath = []): string {
    return printLines((getAt(tree, path) as ConfigObject | undefined) ?? {});
  },
};
