/**
 * The list deltas an edit records (TreeWriter, tree/list-delta.ts) are the
 * truth: for any sequence of shell commands or tree-ops edits on a frozen
 * configuration with a big list, every entry whose object differs from the
 * base version is in the recorded delta, and diff / print / encode / validate
 * give the same answers as for an equal tree that carries no record (where
 * they scan every entry). A writer that changes an entry behind the record's
 * back makes this fail.
 */
import fc from 'fast-check';
import { diffTrees } from '../../src/diff/diff-trees.js';
import { defaultReftree } from '../../src/reftree/reftree.js';
import { applyCommands, type EditState } from '../../src/syntax/apply-commands.js';
import { parseCommands } from '../../src/syntax/parse-commands.js';
import { parseConfig } from '../../src/syntax/parse-config.js';
import { printCurly } from '../../src/syntax/print-curly.js';
import { ORDER_KEY, type ConfigObject, type ConfigTree } from '../../src/tree/config-tree.js';
import { recordedDelta } from '../../src/tree/list-delta.js';
import { SpanMap } from '../../src/tree/span-map.js';
import { deleteAt, getAt, setAt } from '../../src/tree/tree-ops.js';
import { validateTree } from '../../src/validate/validate.js';

const RT = defaultReftree();
const CP = ['security', 'pki', 'ca-profile'];
const NAMES = Array.from({ length: 80 }, (_, i) => `CA-${i}`);

const base: ConfigTree = (() => {
  const text = NAMES.map(
    (n, i) =>
      `set security pki ca-profile ${n} ca-identity id-${i}\nset security pki ca-profile ${n} enrollment url http://ca${i}.example.com/scep\n`,
  ).join('');
  const r = parseConfig(text, 'base.set', { format: 'set' });
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(r.diagnostics[0].message);
  return r.value.tree;
})();

const name = fc.constantFrom(...NAMES.slice(0, 6), 'NEW-1');
const command = fc.oneof(
  fc.tuple(name, fc.nat(99)).map(([n, v]) => `set security pki ca-profile ${n} ca-identity v${v}`),
  fc.tuple(name, fc.nat(9)).map(([n, v]) => `set security pki ca-profile ${n} enrollment retry ${v}`),
  name.map((n) => `delete security pki ca-profile ${n} enrollment`),
  name.map((n) => `deactivate security pki ca-profile ${n}`),
  name.map((n) => `activate security pki ca-profile ${n}`),
  name.map((n) => `protect security pki ca-profile ${n}`),
  name.map((n) => `annotate security pki ca-profile ${n} "note"`),
  name.map((n) => `edit security pki ca-profile ${n}\nset revocation-check disable\ntop`),
  fc.constant('rename security pki ca-profile CA-1 to CA-1b'),
  fc.constant('copy security pki ca-profile CA-2 to CA-2c'),
  fc.constant('delete security pki ca-profile CA-3'),
);
const treeEdit = fc.oneof(
  fc.tuple(name, fc.nat(99)).map(
    ([n, v]) =>
      (t: ConfigTree): ConfigTree =>
        setAt(t, [...CP, n, 'ca-identity'], `t${v}`),
  ),
  name.map(
    (n) =>
      (t: ConfigTree): ConfigTree =>
        deleteAt(t, [...CP, n, 'enrollment']),
  ),
);

/** An equal tree whose ca-profile list object carries no record (consumers must scan it). */
function unrecorded(t: ConfigTree): ConfigTree {
  const list = getAt(t, CP) as ConfigObject | undefined;
  if (list === undefined) return t;
  return setAt(deleteAt(t, CP), CP, Object.freeze({ ...list }));
}

const json = (x: unknown): string => JSON.stringify(x);

describe('recorded list deltas', () => {
  test('every changed entry is recorded; consumers answer as with a full scan', () => {
    // warm every memo on the base, as a committed revision is
    printCurly(base);
    validateTree(base);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            command.map((c) => ({ c })),
            treeEdit.map((e) => ({ e })),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (edits) => {
          let state: EditState = { tree: base, spans: new SpanMap(), editPath: [] };
          for (const x of edits) {
            if ('c' in x) {
              const cmds = parseCommands(`${x.c}\n`, 'edit.set');
              state = applyCommands(state, cmds.value, { reftree: RT }).value;
            } else state = { ...state, tree: x.e(state.tree) };
          }
          const next = state.tree;
          const a = getAt(base, CP) as ConfigObject;
          const b = getAt(next, CP) as ConfigObject | undefined;
          if (b === undefined) return;
          const rec = recordedDelta(b, a);
          if (rec !== undefined) {
            expect(b[ORDER_KEY]).toBe(a[ORDER_KEY]);
            const missed = (b[ORDER_KEY] as string[]).filter((n) => a[n] !== b[n] && !rec.includes(n));
            expect(missed).toEqual([]);
          }
          const plain = unrecorded(next);
          expect(json(diffTrees(base, next))).toBe(json(diffTrees(base, plain)));
          expect(printCurly(next)).toBe(printCurly(plain));
          expect(json(validateTree(next))).toBe(json(validateTree(plain)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
