// `validate --frame` shows the source line of a problem with its secrets masked
// (render-text.ts `secrets`, fed by syntax/secret-words.ts secretSpans), the
// carets still under the subject.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { validateCommand } from '../../../src/cli/commands/validate.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pkicfg-frame-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validate(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  await validateCommand(['--frame', file], {
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
  });
  return out;
}

test('a secret that is the subject: masked, carets under the mask', async () => {
  const out = await validate(
    'hex.set',
    'set security ike policy P pre-shared-key hexadecimal NOTHEXsecret\n',
  );
  expect(out).not.toContain('NOTHEXsecret');
  expect(out).toContain(
    '> 1 | set security ike policy P pre-shared-key hexadecimal ******\n' +
      '    |                                                      ^^^^^^\n',
  );
});

test('a secret before the subject on the line, and on the line above, in curly text', async () => {
  const text =
    'security {\n' +
    '    pki {\n' +
    '        auto-re-enrollment {\n' +
    '            certificate-id C {\n' +
    '                challenge-password "Sekr1t-Long-Value"; ca-profile-name NOPE;\n' +
    '            }\n' +
    '        }\n' +
    '    }\n' +
    '}\n';
  const out = await validate('ref.conf', text);
  expect(out).toMatch(/ca-profile-name/);
  expect(out).not.toContain('Sekr1t-Long-Value');
  const frame = out.split('\n');
  const src = frame.findIndex((l) => l.startsWith('> 5 |'));
  expect(frame[src]).toContain('challenge-password ******; ca-profile-name NOPE;');
  const caret = frame[src + 1].indexOf('^');
  expect(frame[src].slice(caret, caret + 4)).toBe('NOPE');
});
