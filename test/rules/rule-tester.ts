/**
 * ESLint RuleTester style tables for the semantic rules: each `valid` text
 * must give no diagnostic from the rule, each `invalid` text exactly the listed
 * ones, asserted as {code, path, line, column} (path = `[edit ...]` context and
 * statement). Texts are parsed with the real parser, so positions are real.
 */
import { parseConfig } from '../../src/syntax/parse-config.js';
import { validateTree } from '../../src/validate/validate.js';
import { LineIndex } from '../../src/diag/line-index.js';
import type { Rule } from '../../src/validate/rule.js';

export interface ExpectedError {
  readonly code: string;
  /** `security pki ca-profile P: ca-profile-name X`, i.e. context then statement. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly severity?: 'error' | 'warning';
}

export interface RuleCases {
  readonly valid: readonly string[];
  readonly invalid: readonly { readonly text: string; readonly errors: readonly ExpectedError[] }[];
}

/** The rule's diagnostics for a text (schema errors and other rules left out). */
export function ruleErrors(rule: Rule, text: string, strict = false): ExpectedError[] {
  const parsed = parseConfig(text, 'input');
  const syntax = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (syntax.length > 0)
    throw new Error(`test input does not parse: ${syntax.map((d) => d.message).join('; ')}`);
  const ix = new LineIndex(text);
  return validateTree(parsed.value.tree, parsed.value.spans, { rules: [rule], strict })
    .filter((d) => d.stage === 'semantic')
    .map((d) => {
      const p = d.span ? ix.lineCol(d.span.start) : { line: 0, col: 0 };
      return {
        code: d.code,
        path: `${(d.path ?? []).join(' ')}: ${d.statement ?? ''}`,
        line: p.line,
        column: p.col,
        ...(d.severity === 'warning' ? { severity: 'warning' as const } : {}),
      };
    });
}

/** Registers one jest test per case. */
export function testRule(rule: Rule, cases: RuleCases, strict = false): void {
  describe(rule.id, () => {
    cases.valid.forEach((text, i) => {
      test(`valid #${i + 1}`, () => expect(ruleErrors(rule, text, strict)).toEqual([]));
    });
    cases.invalid.forEach((c, i) => {
      test(`invalid #${i + 1}`, () => expect(ruleErrors(rule, c.text, strict)).toEqual(c.errors));
    });
  });
}
