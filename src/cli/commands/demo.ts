/**
 * `pkicfg demo [--state DIR]`: the main job on the embedded default. Starts the
 * embedded CA (SCEP + CMPv2) on 127.0.0.1, writes a configuration that points
 * at it, commits it, and runs the Junos enrollment procedure of the seed
 * document end to end: key pairs, CA certificate over SCEP (pinned by
 * fingerprint), a local certificate over SCEP and one over CMPv2, then shows
 * the result, the enrollment status and the timeline picture, and one
 * certificate revoked at the CA and reported revoked by `verify` from the CRL
 * the device downloads (demoRevocation). Every step is a real `pkicfg`
 * command, echoed with its prompt, so the transcript doubles as a tutorial.
 * Exit 0 when every step succeeded.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CliIO } from '../run.js';
import { run } from '../run.js';
import { command } from '../command.js';
import { STATE_OPTION } from '../options.js';
import { ensurePrivateDir } from '../../commit/state-dir.js';
import { startCaServer, type RunningCaServer } from '../../ca/serve.js';
import { cmpRouteFactory } from '../../ca/cmp-server.js';
import { fingerprint } from '../../protocols/scep/certificate.js';
import { encrypt9 } from '../../syntax/secret.js';
import { readLocalCertificate } from '../../pki/pki-objects.js';
import { openPkiStore } from '../../pki/pki-store.js';

const USAGE =
  'usage: pkicfg demo [--state DIR]\n' +
  'Runs an embedded CA on 127.0.0.1 and enrolls certificates against it, end to end.\n' +
  '  --state DIR   an empty or new directory for the demo (default $PKICFG_STATE, else a temporary\n' +
  '                one, removed at the end; the timeline picture is kept and its place printed)\n';

/** True when DIR is absent or empty: the demo commits its own configuration there. */
function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Where the demo works: the state directory, whether it is the demo's own, and where the picture goes. */
interface DemoPlace {
  readonly stateDir: string;
  readonly temporary: boolean;
  readonly pictureDir: string;
  readonly caDir: string;
}

/** The demo's state directory (`--state`, else $PKICFG_STATE, else a new temporary one); a message if it is taken. */
function demoPlace(flag: string | undefined, env: NodeJS.ProcessEnv): DemoPlace | string {
  const given = flag ?? (env.PKICFG_STATE || undefined);
  // the demo loads and commits its own configuration: never over someone's state
  if (given !== undefined && !isEmptyDir(given)) {
    const what = flag !== undefined ? `--state ${given}` : `PKICFG_STATE ${given}`;
    return `${what} is not empty; the demo needs an empty or new directory`;
  }
  const temporary = given === undefined;
  // the command's environment, not the process's: in-process callers (tests) give their own
  const tmp = env.TMPDIR || tmpdir();
  const stateDir = given ?? mkdtempSync(join(tmp, 'pkicfg-demo-'));
  // a temporary state is removed at the end; the picture goes where it outlives it
  const pictureDir = temporary ? mkdtempSync(join(tmp, 'pkicfg-demo-timeline-')) : stateDir;
  const caDir = join(stateDir, 'embedded-ca');
  ensurePrivateDir(stateDir);
  ensurePrivateDir(caDir);
  return { stateDir, temporary, pictureDir, caDir };
}

/** The embedded CA of a demo run and the secrets its clients give it. */
interface DemoCa {
  readonly server: RunningCaServer;
  readonly challenge: string;
  readonly cmpSecret: string;
  readonly cmpReference: string;
}

async function startDemoCa(caDir: string): Promise<DemoCa> {
  // Fresh secrets per run: the demo never uses a well-known password.
  const challenge = randomBytes(6).toString('hex');
  const cmpSecret = randomBytes(9).toString('base64url');
  const cmpReference = String(10000 + (randomBytes(2).readUInt16BE(0) % 90000));
  const server = await startCaServer({
    stateDir: caDir,
    port: 0,
    challenge,
    routes: new Map([['/pkix/', cmpRouteFactory({ reference: cmpReference, secret: cmpSecret })]]),
  });
  return { server, challenge, cmpSecret, cmpReference };
}

/** The configuration the demo loads: two ca-profiles on the embedded CA, one certificate over SCEP, one over CMPv2. */
function demoConfiguration(ca: DemoCa): string {
  return [
    'set system host-name pkicfg-demo',
    'set system domain-name example.net',
    'set security pki ca-profile ca-profile-ipsec ca-identity pkicfg-embedded-ca',
    `set security pki ca-profile ca-profile-ipsec enrollment url ${ca.server.scepUrl}`,
    'set security pki ca-profile ca-profile-ipsec revocation-check disable',
    `set security pki auto-re-enrollment scep certificate-id ca-ipsec ca-profile-name ca-profile-ipsec challenge-password "${encrypt9(ca.challenge)}" re-enroll-trigger-time-percentage 10 re-generate-keypair`,
    'set security pki ca-profile ca-profile-cmp ca-identity pkicfg-embedded-ca',
    `set security pki ca-profile ca-profile-cmp enrollment url ${ca.server.urls.pkix ?? ''}`,
    'set security pki auto-re-enrollment cmpv2 certificate-id router-cmp ca-profile-name ca-profile-cmp re-enroll-trigger-time-percentage 20',
    '',
  ].join('\n');
}

/** One step of the transcript: WORDS, or a LINE of words separated by single spaces, echoed as SHOWN. */
type Step = (line: string | string[], shown?: string) => Promise<void>;

/**
 * The Junos enrollment procedure on the committed configuration: key pairs,
 * the CA certificate pinned by fingerprint, a local certificate over SCEP
 * and one over CMPv2 (secrets echoed as ******), then what they look like.
 */
async function enrollSteps(step: Step, ca: DemoCa): Promise<void> {
  const cert = ca.server.ca.certificate;
  await step(`request security pki generate-key-pair certificate-id ca-ipsec size 2048 type rsa`);
  await step(
    `request security pki ca-certificate enroll ca-profile ca-profile-ipsec --fingerprint ${fingerprint(cert.der, 'sha256')}`,
  );
  const scepSubject = 'subject CN=pkicfg-demo,OU=VPN,O=Example,C=US domain-name pkicfg-demo.example.net';
  const scepEnroll =
    'request security pki local-certificate enroll scep certificate-id ca-ipsec ca-profile ca-profile-ipsec';
  await step(
    `${scepEnroll} challenge-password ${ca.challenge} ${scepSubject}`,
    `${scepEnroll} challenge-password ****** ${scepSubject}`,
  );
  await step('request security pki generate-key-pair certificate-id router-cmp size 256 type ecdsa');
  const cmpEnroll =
    'request security pki local-certificate enroll cmpv2 certificate-id router-cmp ca-profile ca-profile-cmp';
  const cmpRest = `ca-reference ${ca.cmpReference} subject CN=router-cmp,O=Example email pki@example.net`;
  await step(`${cmpEnroll} ca-secret ${ca.cmpSecret} ${cmpRest}`, `${cmpEnroll} ca-secret ****** ${cmpRest}`);
  await step('show security pki ca-certificate');
  await step('show security pki local-certificate');
  await step('request security pki local-certificate verify certificate-id ca-ipsec');
}

/** The whole transcript in PLACE against CA; returns the number of failed steps. */
async function runDemo(io: CliIO, place: DemoPlace, ca: DemoCa): Promise<number> {
  const { stateDir, caDir } = place;
  const say = (s: string): void => void io.stdout.write(`${s}\n`);
  let failed = 0;
  const step: Step = async (line, shown) => {
    const words = typeof line === 'string' ? line.split(' ') : line;
    const echo = shown ?? words.join(' ');
    // pkicfg's own commands (no Junos form) are echoed as the shell line that runs them
    say(echo.startsWith('pkicfg ') ? `\n$ ${echo}` : `\nroot@pkicfg-demo> ${echo}`);
    const rc = await run([...words, '--state', stateDir], io);
    if (rc !== 0) {
      failed++;
      say(`(exit status ${rc})`);
    }
  };
  say(`Embedded CA listening on 127.0.0.1:${ca.server.port} (state ${caDir})`);
  for (const [k, u] of Object.entries(ca.server.urls)) say(`  ${k.toUpperCase()} URL: ${u}`);
  say(`State directory: ${stateDir}`);
  const configFile = join(stateDir, 'demo.set');
  writeFileSync(configFile, demoConfiguration(ca), { mode: 0o600 });
  await step(['load', 'set', configFile], `configure; load set ${configFile}`);
  await step(['compare'], 'show | compare');
  await step(['commit', '--comment', 'pkicfg demo'], 'commit comment "pkicfg demo"');
  await enrollSteps(step, ca);
  failed += await demoRevocation({ io, stateDir, caDir, crlUrl: ca.server.crlUrl, say });
  await step(['history'], 'show system commit');
  await showEnrollment(step, place.pictureDir);
  return failed;
}

export const demoCommand = command(
  { name: 'demo', usage: USAGE, options: STATE_OPTION },
  async ({ values }, cx) => {
    const { io } = cx;
    const place = demoPlace(values.state, io.env);
    if (typeof place === 'string') {
      io.stderr.write(`pkicfg demo: ${place}\n`);
      return 2;
    }
    const ca = await startDemoCa(place.caDir);
    let failed: number;
    try {
      failed = await runDemo(io, place, ca);
    } finally {
      await ca.server.close();
      if (place.temporary) rmSync(place.stateDir, { recursive: true, force: true });
    }
    const say = (s: string): void => void io.stdout.write(`${s}\n`);
    if (place.temporary)
      say(`\n(state directory ${place.stateDir} removed; give --state DIR or PKICFG_STATE to keep it)`);
    say(failed === 0 ? '\ndemo complete' : `\ndemo finished with ${failed} failed step(s)`);
    return failed === 0 ? 0 : 1;
  },
);

/**
 * The enrollment status of what the demo enrolled (issue 16): the status
 * table, the timeline table, and the timeline picture written into the state
 * directory (`pkicfg timeline --svg` says where).
 */
async function showEnrollment(step: Step, pictureDir: string): Promise<void> {
  await step('show security pki enrollment');
  await step('show security pki enrollment timeline');
  const svg = join(pictureDir, 'enrollment-timeline.svg');
  await step(['timeline', '--svg', svg], `pkicfg timeline --svg ${svg}`);
}

interface RevocationDemo {
  readonly io: CliIO;
  readonly stateDir: string;
  readonly caDir: string;
  readonly crlUrl: string;
  readonly say: (s: string) => void;
}

/**
 * Revocation: the CA revokes router-cmp, ca-profile-cmp checks the CRL the
 * CA serves, and `verify` reports the certificate revoked (that step is meant
 * to fail). Returns the number of steps that did not end as expected.
 */
async function demoRevocation(d: RevocationDemo): Promise<number> {
  let failed = 0;
  const step = async (words: string[], state: string, expectRc = 0, shown?: string): Promise<void> => {
    d.say(`\nroot@pkicfg-demo> ${shown ?? words.join(' ')}`);
    // a step meant to fail writes its error into the transcript (stdout), not as a demo failure
    const rc = await run(
      [...words, '--state', state],
      expectRc === 0 ? d.io : { ...d.io, stderr: d.io.stdout },
    );
    if (rc !== expectRc) {
      failed++;
      d.say(`(exit status ${rc})`);
    }
  };
  const serial = readLocalCertificate(openPkiStore(d.stateDir), 'router-cmp').value?.serialHex;
  if (!serial) return 1;
  await step(['ca', 'revoke', serial, 'superseded'], d.caDir, 0, `pkicfg ca revoke ${serial} superseded`);
  const file = join(d.stateDir, 'demo-revocation.set');
  writeFileSync(file, `set security pki ca-profile ca-profile-cmp revocation-check crl url ${d.crlUrl}\n`, {
    mode: 0o600,
  });
  await step(['load', 'set', file], d.stateDir, 0, `configure; load set ${file}`);
  await step(['commit', '--comment', 'check revocation'], d.stateDir, 0, 'commit comment "check revocation"');
  const verify = 'request security pki local-certificate verify certificate-id router-cmp';
  await step(verify.split(' '), d.stateDir, 1);
  await step('show security pki crl detail'.split(' '), d.stateDir);
  return failed;
}
