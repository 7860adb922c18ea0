// Keeps every room small enough to read: no file of src/ over 400 lines and no
// function over 80, unless its top says why (`Long because:` in the file's
// header comment, or in the comment right above the function or the
// declaration that holds it). A function inside one that gives a reason is
// covered by that reason. NOT_YET_SPLIT is a ratchet: the rooms still waiting
// for their split (issue 17), each at its size today; one may shrink or leave
// the list, none may grow, and nothing may join it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SRC = resolve('src');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
const REASON = /Long because:/;

const NOT_YET_SPLIT: Readonly<Record<string, number>> = {};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration;

function isFunctionNode(n: ts.Node): n is FunctionNode {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isArrowFunction(n) ||
    ts.isFunctionExpression(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n) ||
    ts.isConstructorDeclaration(n)
  );
}

/** The comments right above `node`, or above the declaration that holds it (`const f = () => ...`). */
function leadingComments(text: string, node: ts.Node): string {
  const holders: ts.Node[] = [node];
  let p: ts.Node | undefined = node.parent;
  while (
    p !== undefined &&
    (ts.isVariableDeclaration(p) ||
      ts.isVariableDeclarationList(p) ||
      ts.isVariableStatement(p) ||
      ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isExportAssignment(p) ||
      ts.isCallExpression(p) ||
      ts.isParenthesizedExpression(p))
  ) {
    holders.push(p);
    p = p.parent;
  }
  return holders
    .flatMap((h) => ts.getLeadingCommentRanges(text, h.getFullStart()) ?? [])
    .map((r) => text.slice(r.pos, r.end))
    .join('\n');
}

function nameOf(n: FunctionNode): string {
  if (n.name !== undefined) return n.name.getText();
  const p = n.parent;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p)) return p.name.getText();
  return '(anonymous)';
}

interface Offence {
  /** `path` for a file, `path name` for a function (NOT_YET_SPLIT's keys). */
  readonly key: string;
  readonly where: string;
  readonly lines: number;
}

function offences(): { files: Offence[]; functions: Offence[] } {
  const longFiles: Offence[] = [];
  const longFunctions: Offence[] = [];
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(process.cwd(), file);
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const header = (ts.getLeadingCommentRanges(text, 0) ?? [])
      .map((r) => text.slice(r.pos, r.end))
      .join('\n');
    if (lines > MAX_FILE_LINES && !REASON.test(header)) longFiles.push({ key: rel, where: rel, lines });
    const visit = (n: ts.Node, covered: boolean): void => {
      let inner = covered;
      if (isFunctionNode(n) && n.body !== undefined) {
        const length = lineOf(n.end) - lineOf(n.getStart(sf)) + 1;
        const reasoned = REASON.test(leadingComments(text, n));
        if (length > MAX_FUNCTION_LINES && !covered && !reasoned) {
          longFunctions.push({
            key: `${rel} ${nameOf(n)}`,
            where: `${rel}:${lineOf(n.getStart(sf)) + 1} ${nameOf(n)}`,
            lines: length,
          });
        }
        inner = covered || reasoned;
      }
      ts.forEachChild(n, (c) => visit(c, inner));
    };
    visit(sf, false);
  }
  return { files: longFiles, functions: longFunctions };
}

/** The offences the ratchet does not allow: new ones, and known ones grown past their size. */
function beyondRatchet(os: readonly Offence[]): string[] {
  return os
    .filter((o) => NOT_YET_SPLIT[o.key] === undefined || o.lines > NOT_YET_SPLIT[o.key])
    .map((o) => `${o.where} (${o.lines} lines)`);
}

describe('sizes of src/', () => {
  const found = offences();

  it(`has no file over ${MAX_FILE_LINES} lines without a "Long because:" in its header`, () => {
    expect(beyondRatchet(found.files)).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines without a "Long because:" above it`, () => {
    expect(beyondRatchet(found.functions)).toEqual([]);
  });

  it('lists in NOT_YET_SPLIT only rooms that are still too long', () => {
    const still = new Set([...found.files, ...found.functions].map((o) => o.key));
    expect(Object.keys(NOT_YET_SPLIT).filter((k) => !still.has(k))).toEqual([]);
  });
});
