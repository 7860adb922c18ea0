/**
 * SARIF 2.1.0 (`--format sarif`), for code-scanning tools: one run of the
 * `pkicfg` driver, whose rules are the diagnostic codes used (described from
 * the code catalogue), and one result per diagnostic with its physical
 * location (1-based region) and the `[edit ...]` path as logical location.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic } from './diagnostic.js';
import { CATALOGUE } from './codes.js';
import { editPath, Positions, type Sources } from './render-position.js';

export interface RenderSarifOptions {
  readonly sources?: Sources;
  readonly toolVersion?: string;
}

/** The SARIF log object. */
export function toSarif(diagnostics: readonly Diagnostic[], opts: RenderSarifOptions = {}): Log {
  const pos = new Positions(opts.sources);
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const rules: ReportingDescriptor[] = codes.map((c) => ({
    id: c,
    shortDescription: { text: CATALOGUE[c].summary },
    defaultConfiguration: {
      level:
        CATALOGUE[c].severity === 'error'
          ? 'error'
          : CATALOGUE[c].severity === 'warning'
            ? 'warning'
            : 'note',
    },
  }));
  const results: Result[] = diagnostics.map((d) => {
    const p = pos.of(d.span);
    const level: Result.level =
      d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note';
    return {
      ruleId: d.code,
      ruleIndex: codes.indexOf(d.code),
      level,
      message: { text: d.statement ? `${d.message} ('${d.statement}')` : d.message },
      ...(d.span
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: d.span.source },
                  ...(p
                    ? {
                        region: {
                          startLine: p.line,
                          startColumn: p.col,
                          endLine: p.endLine,
                          endColumn: p.endCol,
                        },
                      }
                    : {}),
                },
                ...(d.path
                  ? { logicalLocations: [{ fullyQualifiedName: editPath(d.path), kind: 'object' }] }
                  : {}),
              },
            ],
          }
        : d.path
          ? { locations: [{ logicalLocations: [{ fullyQualifiedName: editPath(d.path), kind: 'object' }] }] }
          : {}),
    };
  });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'pkicfg',
            informationUri: 'https://github.com/pkicfg/pkicfg',
            ...(opts.toolVersion ? { version: opts.toolVersion } : {}),
            rules,
          },
        },
        results,
      },
    ],
  };
}

/** `--format sarif`: the SARIF log as pretty JSON with a trailing newline. */
export function renderSarif(diagnostics: readonly Diagnostic[], opts: RenderSarifOptions = {}): string {
  return JSON.stringify(toSarif(diagnostics, opts), null, 2) + '\n';
}
