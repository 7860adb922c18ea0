/**
 * The real ConfigLanguage: SYNTAX's parser and command applier with the
 * schema's reference tree, VALIDATE's validateTree, and a curly printer.
 */
import type { ConfigPath } from '../diag/diagnostic.js';
import { defaultReftree, scopeOf, type Reftree } from '../reftree/reftree.js';
import { containerKeys } from '../tree/order.js';
import { applyCommands } from '../syntax/apply-commands.js';
import { parseCommands } from '../syntax/parse-commands.js';
import { detectFormat, parseConfig } from '../syntax/parse-config.js';
import { quoteIfNeeded } from '../syntax/words.js';
import { printCurly } from '../syntax/print-curly.js';
import type { ConfigObject, ConfigTree } from '../tree/config-tree.js';
import { SpanMap } from '../tree/span-map.js';
import { validateTree } from '../validate/validate.js';
import type { ConfigLanguage } from './config-language.js';

/** The language of the schema in `schemas/` (or of `reftree`). */
export function defaultLanguage(reftree: Reftree = defaultReftree()): ConfigLanguage {
  return {
    parseConfig(text, source) {
      const r = parseConfig(text, source, { reftree });
      return { value: { tree: r.value.tree, spans: r.value.spans }, diagnostics: r.diagnostics };
    },
    parseConfigAt(text, source, at) {
      // curly text only: wrap it in the headers of `at` on its first line, so
      // that the parser reads it at that level and line numbers stay right
      if (detectFormat(text) !== 'curly') return undefined;
      const heads: string[] = [];
      for (let i = 0; i < at.length; i++) {
        const isList = reftree.nodeAt(at.slice(0, i + 1))?.kind === 'list';
        if (isList && i + 1 < at.length) {
          heads.push(`${quoteIfNeeded(at[i])} ${quoteIfNeeded(at[i + 1])} {`);
          i++;
        } else heads.push(`${quoteIfNeeded(at[i])} {`);
      }
      const prefix = heads.join(' ') + ' ';
      const wrapped = `${prefix}${text}\n${'}'.repeat(heads.length)}\n`;
      const r = parseConfig(wrapped, source, { reftree, format: 'curly' });
      const shift = (n: number): number => Math.max(0, Math.min(text.length, n - prefix.length));
      const diagnostics = r.diagnostics.map((d) =>
        d.span && d.span.source === source
          ? { ...d, span: { ...d.span, start: shift(d.span.start), end: shift(d.span.end) } }
          : d,
      );
      return { value: { tree: r.value.tree }, diagnostics };
    },
    applyCommands(tree, text, source, editPath) {
      const cmds = parseCommands(text, source);
      const r = applyCommands({ tree, spans: new SpanMap(), editPath }, cmds.value, { reftree });
      return {
        value: { tree: r.value.tree, editPath: r.value.editPath },
        diagnostics: [...cmds.diagnostics, ...r.diagnostics],
      };
    },
    isList(path: ConfigPath) {
      return reftree.nodeAt(path)?.kind === 'list';
    },
    validate(tree, spans) {
      return validateTree(tree, spans);
    },
    printCurly(tree: ConfigTree, path?: ConfigPath) {
      return printCurly(tree, { reftree, path });
    },
    keyOrder(path: ConfigPath, obj: ConfigObject) {
      const node = reftree.nodeAt(path);
      return containerKeys(obj, node ? scopeOf(node).order : []);
    },
  };
}
