/**
 * The TypeScript declarations of the parser's concrete syntax tree, generated
 * from the grammar by @chevrotain/cst-dts-gen and committed as grammar/cst.d.ts
 * (`npm run build && npm run cst-dts` rewrites it; a test checks that it is
 * current, so a grammar change shows up as a change of the CST types).
 */
import { generateCstDts } from '@chevrotain/cst-dts-gen';
import { format, resolveConfig } from 'prettier';
import { theParser } from './parser.js';

/** Relative to the repository root. */
export const CST_DTS_FILE = 'grammar/cst.d.ts';

/** The command that rewrites grammar/cst.d.ts. */
export const CST_DTS_COMMAND = 'npm run build && npm run cst-dts';

const HEADER = `// Generated from grammar/parser.ts by @chevrotain/cst-dts-gen: do not edit.
// Regenerate with \`${CST_DTS_COMMAND}\`.
`;

/** The declarations as committed: generated, with a header, in the project's Prettier style. */
export async function cstDts(configFile: string): Promise<string> {
  const text = HEADER + generateCstDts(theParser().getGAstProductions());
  const options = (await resolveConfig(configFile)) ?? {};
  return format(text, { ...options, filepath: configFile });
}
