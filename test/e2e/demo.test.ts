// The main job (`npm start` = `pkicfg demo`) end to end, in-process: embedded CA,
// commit, SCEP CA + local enrollment, CMPv2 enrollment, show and verify, the
// enrollment status and the timeline picture.
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { demoCommand } from '../../src/cli/commands/demo.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

test('pkicfg demo runs the whole life cycle on the embedded CA', async () => {
  const state = mkdtempSync(join(tmpdir(), 'pkicfg-demo-test-'));
  try {
    const out = capture();
    const err = capture();
    const rc = await demoCommand(['--state', state], {
      stdout: out.stream,
      stderr: err.stream,
      stdin: new PassThrough(),
      env: { ...process.env, PKICFG_STATE: undefined },
    });
    const text = out.text();
    expect(err.text()).toBe('');
    expect(rc).toBe(0);
    expect(text).toContain('commit complete');
    expect(text).toContain('CA certificate for profile ca-profile-ipsec loaded successfully');
    expect(text).toMatch(/Local certificate ca-ipsec enrolled successfully/);
    expect(text).toContain('Local certificate router-cmp loaded successfully');
    // the CMP issuer goes under the profile named on the command line, although ca-profile-ipsec holds it too
    expect(text).toContain('CA certificate for profile ca-profile-cmp loaded successfully');
    expect(text).toMatch(/Certificate identifier: ca-profile-cmp\n/);
    expect(text).toMatch(/Certificate identifier: router-cmp\n\s+Issued to: router-cmp/);
    expect(text).toMatch(/[Ll]ocal certificate ca-ipsec verification success/);
    // one certificate revoked at the CA, reported revoked from the CRL the device downloaded
    expect(text).toMatch(/Certificate [0-9A-F]+ revoked \(reason superseded\)/);
    expect(text).toMatch(
      /verify certificate-id router-cmp\nerror: Local certificate router-cmp \(serial number [0-9a-f]+\) was revoked at .* \(superseded, CRL of CA profile ca-profile-cmp\)\n/,
    );
    expect(text).toContain('demo complete');
    // the enrollment status (issue 16) and where the timeline picture went
    expect(text).toMatch(/^ca-ipsec +SCEP +Ready +[ \d]\d-[ \d]\d-\d{4} \d\d:\d\d UTC +/m);
    expect(text).toMatch(/^router-cmp +CMPv2 +Revoked +/m);
    expect(text).toContain('show security pki enrollment timeline');
    const svg = join(state, 'enrollment-timeline.svg');
    expect(text).toContain(`$ pkicfg timeline --svg ${svg}\nTimeline written to ${svg}\n`);
    expect(readFileSync(svg, 'utf8')).toContain('<g class="certificate">');
    // Secrets never in clear: the challenge and the CMP secret are masked in the echoed commands.
    expect(text).not.toMatch(/challenge-password [0-9a-f]{12}\b/);
    expect(existsSync(join(state, 'config'))).toBe(true);
    expect(statSync(state).mode & 0o777).toBe(0o700);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}, 120_000);

test('the demo never commits over a state directory that holds something: --state or PKICFG_STATE', async () => {
  const state = mkdtempSync(join(tmpdir(), 'pkicfg-demo-busy-'));
  writeFileSync(join(state, 'keep'), 'x');
  try {
    for (const [args, env, said] of [
      [['--state', state], {}, `--state ${state}`],
      [[], { PKICFG_STATE: state }, `PKICFG_STATE ${state}`],
    ] as const) {
      const out = capture();
      const err = capture();
      const rc = await demoCommand(args, {
        stdout: out.stream,
        stderr: err.stream,
        stdin: new PassThrough(),
        env,
      });
      expect(rc).toBe(2);
      expect(err.text()).toBe(
        `pkicfg demo: ${said} is not empty; the demo needs an empty or new directory\n`,
      );
      expect(readdirSync(state)).toEqual(['keep']);
    }
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
});

test('without a state directory the demo removes its temporary one and keeps only the picture', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'pkicfg-demo-tmp-'));
  try {
    const out = capture();
    const rc = await demoCommand([], {
      stdout: out.stream,
      stderr: capture().stream,
      stdin: new PassThrough(),
      env: { TMPDIR: tmp },
    });
    expect(rc).toBe(0);
    const left = readdirSync(tmp);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^pkicfg-demo-timeline-/);
    expect(readdirSync(join(tmp, left[0]))).toEqual(['enrollment-timeline.svg']);
    const svg = join(tmp, left[0], 'enrollment-timeline.svg');
    expect(out.text()).toContain(`Timeline written to ${svg}\n`);
    expect(out.text()).toMatch(
      /\(state directory .*pkicfg-demo-\w+ removed; give --state DIR or PKICFG_STATE to keep it\)/,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}, 120_000);
