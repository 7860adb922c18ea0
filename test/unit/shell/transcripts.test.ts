// Golden transcripts (TS-baseline style): each test/fixtures/shell/<case>.txt
// is both the input (the lines after a `user@host> ` / `user@host# ` prompt,
// and the answers after `[yes,no] (..)`) and the expected screen. Run with
// UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectGolden } from '../../golden.js';
import { fakeOp } from './fakes.js';
import { makeRealShell } from './real.js';
import { runTranscript, transcriptInputs } from './transcript.js';

const DIR = join(process.cwd(), 'test/fixtures/shell');

const cases = readdirSync(DIR).filter((f) => f.endsWith('.txt'));

test.each(cases)('%s', async (file) => {
  const text = readFileSync(join(DIR, file), 'utf8');
  const { lines, answers } = transcriptInputs(text);
  const r = makeRealShell(file.startsWith('op-pki') ? 'real' : fakeOp);
  try {
    const out = await runTranscript(r.sh, r.io, lines, answers);
    expectGolden(
      join(DIR, file),
      out
        .split(r.dir)
        .join('<tmp>')
        .replace(/\(pid \d+\)/g, '(pid N)'),
    );
  } finally {
    r.cleanup();
  }
});
