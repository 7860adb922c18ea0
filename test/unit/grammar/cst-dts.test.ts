/**
 * grammar/cst.d.ts, the CST types of the Chevrotain grammar, is what
 * @chevrotain/cst-dts-gen generates from grammar/parser.ts now: a grammar
 * change without a regenerated file fails here, with the command to run.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CST_DTS_COMMAND, CST_DTS_FILE, cstDts } from '../../../grammar/cst-dts.js';

test('grammar/cst.d.ts matches the grammar', async () => {
  const file = resolve(CST_DTS_FILE);
  const expected = await cstDts(file);
  const committed = readFileSync(file, 'utf8');
  if (committed !== expected) {
    throw new Error(
      `${CST_DTS_FILE} is out of date with grammar/parser.ts: regenerate it with \`${CST_DTS_COMMAND}\`\n\n` +
        `expected:\n${expected}`,
    );
  }
});

test('the declarations name every rule of the parser', async () => {
  const text = await cstDts(resolve(CST_DTS_FILE));
  for (const rule of ['configFile', 'item', 'statement', 'block', 'argument', 'valueList', 'commandLine'])
    expect(text).toContain(`name: '${rule}';`);
});
