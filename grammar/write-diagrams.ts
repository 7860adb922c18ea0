/** Writes grammar/diagrams.html (`npm run diagrams`, after `npm run build`). */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { theParser } from './parser.js';

const here = dirname(fileURLToPath(import.meta.url));
// from dist/grammar/ (built) or grammar/ (sources) to the repository's grammar/
const out = here.includes(`${'/dist/'}`)
  ? join(here, '..', '..', 'grammar', 'diagrams.html')
  : join(here, 'diagrams.html');
writeFileSync(out, createSyntaxDiagramsCode(theParser().getSerializedGastProductions()));
process.stdout.write(`wrote ${out}\n`);
