/** Writes grammar/cst.d.ts (`npm run cst-dts`, after `npm run build`). */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cstDts } from './cst-dts.js';

const here = dirname(fileURLToPath(import.meta.url));
// from dist/grammar/ (built) or grammar/ (sources) to the repository's grammar/
const out = here.includes(`${'/dist/'}`)
  ? join(here, '..', '..', 'grammar', 'cst.d.ts')
  : join(here, 'cst.d.ts');
writeFileSync(out, await cstDts(out));
process.stdout.write(`wrote ${out}\n`);
