// Non-interactive use: `-c "a; b"` and scripts, exit status, `load ... terminal` bodies.
import { PassThrough } from 'node:stream';
import { runScript } from '../../../src/shell/run-shell.js';
import { fakeLanguage, FakeBackend, fakeOp } from './fakes.js';

function sink(): { s: PassThrough; text: () => string } {
  const s = new PassThrough();
  let t = '';
  s.on('data', (c: Buffer) => (t += c.toString()));
  return { s, text: () => t };
}

const env = () => ({
  user: 'admin',
  backend: new FakeBackend(),
  language: fakeLanguage,
  op: fakeOp,
  hostname: 'r1',
});

test('-c runs the commands; a failure makes the status 1 and shows the line with its caret', async () => {
  const out = sink();
  const err = sink();
  const st = await runScript(
    env(),
    'configure; set security pki ca-profile CA1 ca-identity CA1; set bogus; show | display set',
    out.s,
    err.s,
  );
  expect(st).toBe(1);
  expect(out.text()).toBe('Entering configuration mode\nset security pki ca-profile CA1 ca-identity CA1\n');
  expect(err.text()).toBe(
    'admin@r1# set bogus\n' + ' '.repeat('admin@r1# set '.length) + '^\nsyntax error.\n',
  );
});

test('status 0 when every command succeeds; exit stops the script', async () => {
  const out = sink();
  const err = sink();
  expect(await runScript(env(), 'show system commit\nexit\nbogus', out.s, err.s)).toBe(0);
  expect(err.text()).toBe('');
});

test('--echo prints a transcript', async () => {
  const out = sink();
  await runScript(env(), 'configure; top ?', out.s, out.s, { echo: true });
  // `top <command>` runs a command at the top level (Junos): `top ?` lists the commands too
  expect(out.text()).toMatch(
    /^admin@r1> configure\nEntering configuration mode\n\n\[edit\]\nadmin@r1# top \?\nPossible completions:\n {2}<\[Enter\]> {12}Execute this command\n(.*\n)* {2}edit {17}Edit a sub-element\n/,
  );
});

test('questions get their default answer; --yes answers yes', async () => {
  const e1 = env();
  const out = sink();
  await runScript(
    e1,
    'configure; set security pki ca-profile A ca-identity A; delete; show | display set',
    out.s,
    out.s,
  );
  expect(out.text()).toContain(
    'Delete everything under this level? [yes,no] (no) \nset security pki ca-profile A ca-identity A\n',
  );
  const out2 = sink();
  await runScript(
    env(),
    'configure; set security pki ca-profile A ca-identity A; delete; show | count',
    out2.s,
    out2.s,
    { yes: true },
  );
  expect(out2.text()).toContain('Delete everything under this level? [yes,no] (no) yes\nCount: 0 lines\n');
});
