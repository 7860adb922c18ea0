/**
 * The README's diagnostics table, generated from the code catalogue (yaml's
 * docs/08_errors.md): one Markdown row per code with its stage, default
 * severity and summary. `renderCatalogue({ stages })` limits it to some stages.
 */
import { CATALOGUE, type DiagnosticCode } from './codes.js';
import type { Stage } from './diagnostic.js';

export interface RenderCatalogueOptions {
  readonly stages?: readonly Stage[];
}

/** The diagnostics table as Markdown (header + one row per code, catalogue order). */
export function renderCatalogue(opts: RenderCatalogueOptions = {}): string {
  const rows = (Object.keys(CATALOGUE) as DiagnosticCode[])
    .filter((c) => !opts.stages || opts.stages.includes(CATALOGUE[c].stage))
    .map((c) => {
      const i = CATALOGUE[c];
      return `| \`${c}\` | ${i.stage} | ${i.severity} | ${i.summary.replace(/\|/g, '\\|')} |`;
    });
  return ['| code | stage | severity | meaning |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
