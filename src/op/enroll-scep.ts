/**
 * `request security pki local-certificate enroll scep certificate-id ID
 *  ca-profile P (challenge-password [S] | challenge-password-file F) subject DN [domain-name] [email]
 *  [ip-address] [ipv6-address] [digest] [scep-encryption-algorithm]
 *  [scep-digest-algorithm] [no-wait]` (Junos §3.5).
 *
 * The enrollment is a durable job (src/enroll/scep-job.ts). In the shell the
 * command returns at once and the job runs in the background, as Junos does;
 * a one-shot `pkicfg request ...` waits for the result (a spinner on a
 * terminal) unless `no-wait`, which leaves the job for a later run of the same
 * command (it resumes the same transaction). `show security pki
 * local-certificate` reports the job (enrollmentStatuses).
 */
import { createSpinner } from 'nanospinner';
import type { Diagnostic } from '../diag/diagnostic.js';
import { caProfileSettings, scepCipherFromJunos, scepDigestFromJunos } from '../enroll/ca-profile.js';
import { systemClock, type Clock } from '../enroll/clock.js';
import { createScepJob, runScepJob } from '../enroll/scep-job.js';
import { loadJob, type ScepJob } from '../enroll/job-store.js';
import { nodeHttpTransport, type HttpTransport } from '../protocols/http/transport.js';
import type { Digest } from '../pki/algorithms.js';
import type { OpContext } from './op-context.js';
import type { OpArgs, OpCommandSpec, OpResult } from './op-tree.js';
import { CHALLENGE_PASSWORD, resolveSecretArg } from './secret-arg.js';
import { failed, str } from './op-args.js';
import { altNamesArg, checkIdArg } from './pki-op-helpers.js';
import { ENROLL_SCEP_COMMAND } from './specs/enroll.js';

export interface EnrollScepDeps {
  readonly transport?: HttpTransport;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  /** Show a spinner while waiting (default: stderr is a TTY). */
  readonly spinner?: boolean;
  /** Where the spinner draws (default stderr). */
  readonly spinnerStream?: NodeJS.WritableStream;
  /** Receives background runs (shell mode), so tests and the shell can await them. */
  readonly onBackground?: (run: Promise<unknown>) => void;
}

const DIGESTS: Record<string, Digest> = { 'sha-1': 'sha-1', 'sha-256': 'sha-256' };

function describe(job: ScepJob): string {
  switch (job.state) {
    case 'issued':
      return `Local certificate ${job.certId} enrolled successfully (serial ${job.serial ?? '?'}, transaction ${job.transactionID})`;
    case 'failed':
      return `Certificate enrollment for ${job.certId} failed: ${job.reason ?? 'unknown reason'}`;
    default:
      return `Certificate enrollment for ${job.certId} is ${job.state === 'pending' ? 'waiting for the CA (polling)' : 'in progress'}; check show security pki local-certificate certificate-id ${job.certId}`;
  }
}

export async function runEnrollScep(
  args: OpArgs,
  ctx: OpContext,
  deps: EnrollScepDeps = {},
): Promise<OpResult> {
  const certId = str(args, 'certificate-id') ?? '';
  const badId = checkIdArg(args, 'certificate-id');
  if (badId) return failed(badId);
  const profile = caProfileSettings(await ctx.activeConfig(), str(args, 'ca-profile') ?? '');
  if (!profile.value) return failed(...profile.diagnostics);
  const alt = altNamesArg(args);
  if (!alt.value) return failed(...alt.diagnostics);
  const challenge = await resolveSecretArg(args, ctx, CHALLENGE_PASSWORD);
  if ('error' in challenge) return challenge.error;
  const clock = deps.clock ?? { ...systemClock, now: ctx.now };
  const created = createScepJob(
    ctx.stateDir,
    {
      certId,
      profile: profile.value,
      challengePassword: challenge.value,
      subject: str(args, 'subject') ?? '',
      altNames: alt.value,
      digest: DIGESTS[str(args, 'digest') ?? ''],
      cipher: scepCipherFromJunos(str(args, 'scep-encryption-algorithm')),
      scepDigest: scepDigestFromJunos(str(args, 'scep-digest-algorithm')),
    },
    clock.now(),
  );
  if (!created.value) {
    // Junos prints the ECDSA refusal as a warning; no request is sent either way.
    const d = created.diagnostics.map((x): Diagnostic =>
      x.code === 'SCEP_ECDSA_UNSUPPORTED' ? { ...x, severity: 'warning' } : x,
    );
    return { exitCode: 1, diagnostics: d };
  }
  const info = created.diagnostics;
  ctx.stdout.write('Certificate enrollment has started.');
  ctx.stdout.write(
    ` To view the status of your enrollment, run show security pki local-certificate certificate-id ${certId}\n`,
  );
  const runDeps = {
    transport: deps.transport ?? nodeHttpTransport(),
    clock,
    timeoutMs: deps.timeoutMs ?? 30_000,
  };
  if (ctx.interactive) {
    const bg = runScepJob(ctx.stateDir, certId, runDeps).catch(() => undefined);
    deps.onBackground?.(bg);
    return { exitCode: 0, diagnostics: info };
  }
  if (args['no-wait'] === true) {
    // Send the request (so the CA knows the transaction) and stop at the first wait;
    // the durable job stays pending and running the same command again resumes it.
    const stop = new Error('no-wait');
    const r = await runScepJob(ctx.stateDir, certId, {
      ...runDeps,
      clock: { now: clock.now, sleep: () => Promise.reject(stop) },
    }).catch((e: unknown) => (e === stop ? undefined : Promise.reject(e)));
    return finish(ctx, r?.value ?? loadJob(ctx.stateDir, certId), [...info, ...(r?.diagnostics ?? [])]);
  }
  const useSpinner = deps.spinner ?? Boolean(process.stderr.isTTY);
  const spinner = useSpinner
    ? createSpinner(`Enrolling ${certId} at ${profile.value.url}`, {
        stream: (deps.spinnerStream ?? process.stderr) as NodeJS.WriteStream,
      }).start()
    : undefined;
  const r = await runScepJob(ctx.stateDir, certId, {
    ...runDeps,
    onProgress: (j) => spinner?.update({ text: describe(j) }),
  });
  // success: the spinner goes away and the one success line follows (finish), not a
  // second copy of it beside the spinner's mark
  if (r.value?.state === 'issued') spinner?.stop();
  else spinner?.error({ text: r.value ? describe(r.value) : 'Certificate enrollment failed' });
  return finish(ctx, r.value, [...info, ...r.diagnostics]);
}

function finish(ctx: OpContext, job: ScepJob | undefined, diagnostics: readonly Diagnostic[]): OpResult {
  const j = job ?? undefined;
  if (j && j.state !== 'failed') ctx.stdout.write(describe(j) + '\n');
  const failedNow = j === undefined || j.state === 'failed';
  return { exitCode: failedNow ? 1 : 0, diagnostics };
}

/** The command spec with injected dependencies (tests); the table's is specs/enroll.ts. */
export function enrollScepCommand(deps: EnrollScepDeps = {}): OpCommandSpec {
  return { ...ENROLL_SCEP_COMMAND, run: (args, ctx) => runEnrollScep(args, ctx, deps) };
}
