import { join } from 'node:path';
import type { Diagnostic } from '../../../src/diag/diagnostic.js';
import { renderText } from '../../../src/diag/render-text.js';
import { renderJunos, junosTail } from '../../../src/diag/render-junos.js';
import { renderJson, toJsonReport } from '../../../src/diag/render-json.js';
import { renderGithub } from '../../../src/diag/render-github.js';
import { toSarif } from '../../../src/diag/render-sarif.js';
import { renderCatalogue } from '../../../src/diag/render-catalogue.js';
import { expectGolden } from '../../golden.js';

const FIX = join(process.cwd(), 'test/fixtures/validate/render');
const SRC = 'samples/broken/x.conf';
const TEXT = `security {
    pki {
        ca-profile ROOT {
            enrollment {
                retry 2000;
            }
        }
    }
}
`;
const at = (needle: string, from = 0): { source: string; start: number; end: number } => {
  const start = TEXT.indexOf(needle, from);
  return { source: SRC, start, end: start + needle.length };
};
const sources = new Map([[SRC, TEXT]]);

const DIAGS: Diagnostic[] = [
  {
    code: 'MISSING_MANDATORY',
    severity: 'error',
    stage: 'schema',
    message: "Missing mandatory statement: 'ca-identity'",
    path: ['security', 'pki'],
    statement: 'ca-profile ROOT',
    span: at('ROOT'),
  },
  {
    code: 'VALUE_OUT_OF_RANGE',
    severity: 'error',
    stage: 'schema',
    message: 'Value 2000 is not within range (0..1080)',
    path: ['security', 'pki', 'ca-profile', 'ROOT', 'enrollment'],
    statement: 'retry 2000',
    span: at('2000'),
  },
  {
    code: 'DEPRECATED_STATEMENT',
    severity: 'warning',
    stage: 'semantic',
    message: "'certificate-id' is deprecated",
    path: ['security', 'pki', 'auto-re-enrollment'],
    statement: 'certificate-id C',
  },
];

describe('renderers', () => {
  test('text: one line per problem, 1-based positions', () => {
    expect(renderText(DIAGS, { sources })).toBe(
      `${SRC}:3:20: error: Missing mandatory statement: 'ca-identity' [MISSING_MANDATORY]\n` +
        `${SRC}:5:23: error: Value 2000 is not within range (0..1080) [VALUE_OUT_OF_RANGE]\n` +
        `pkicfg: warning: 'certificate-id' is deprecated ([edit security pki auto-re-enrollment] 'certificate-id C') [DEPRECATED_STATEMENT]\n`,
    );
  });
  test('text with code frame', () => {
    expectGolden(join(FIX, 'text.frame.txt'), renderText(DIAGS, { sources, frame: true }));
  });
  test('junos blocks and tail lines', () => {
    expectGolden(join(FIX, 'junos-check.frame.txt'), renderJunos(DIAGS, { mode: 'check' }));
    expectGolden(join(FIX, 'junos-commit.frame.txt'), renderJunos(DIAGS.slice(1), { mode: 'commit' }));
    expect(junosTail(DIAGS.slice(1), 'commit')).toBe(
      'error: commit failed: (statements constraint check failed)',
    );
    expect(junosTail(DIAGS, 'commit')).toBe(
      'error: configuration check-out failed: (missing mandatory statements)',
    );
    expect(junosTail(DIAGS.slice(2), 'commit')).toBeUndefined();
    expect(renderJunos(DIAGS.slice(2))).toBe(
      "[edit security pki auto-re-enrollment]\n  'certificate-id C'\n    warning: 'certificate-id' is deprecated\n",
    );
  });
  test('json', () => {
    const r = toJsonReport(DIAGS, sources);
    expect(r).toMatchObject({ valid: false, errors: 2, warnings: 1 });
    expect(r.diagnostics[1]).toEqual({
      code: 'VALUE_OUT_OF_RANGE',
      severity: 'error',
      stage: 'schema',
      message: 'Value 2000 is not within range (0..1080)',
      path: 'security pki ca-profile ROOT enrollment',
      statement: 'retry 2000',
      file: SRC,
      line: 5,
      column: 23,
      endLine: 5,
      endColumn: 27,
    });
    expect(JSON.parse(renderJson([]))).toEqual({ valid: true, errors: 0, warnings: 0, diagnostics: [] });
  });
  test('github annotations', () => {
    expectGolden(join(FIX, 'github.frame.txt'), renderGithub(DIAGS, sources));
  });
  test('sarif 2.1.0', () => {
    const log = toSarif(DIAGS, { sources });
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual([
      'DEPRECATED_STATEMENT',
      'MISSING_MANDATORY',
      'VALUE_OUT_OF_RANGE',
    ]);
    expect(run.results?.[1]).toMatchObject({
      ruleId: 'VALUE_OUT_OF_RANGE',
      level: 'error',
      locations: [
        { physicalLocation: { artifactLocation: { uri: SRC }, region: { startLine: 5, startColumn: 23 } } },
      ],
    });
    expect(run.results?.[2]).toMatchObject({
      level: 'warning',
      locations: [{ logicalLocations: [{ fullyQualifiedName: '[edit security pki auto-re-enrollment]' }] }],
    });
  });
});

describe('catalogue table', () => {
  test('schema and semantic codes, generated from the catalogue', () => {
    expectGolden(join(FIX, 'catalogue-validate.md'), renderCatalogue({ stages: ['schema', 'semantic'] }));
  });
});
