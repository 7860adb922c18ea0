/**
 * `pkicfg plan [--against ACTIVE-FILE] [--state DIR] [--out plan.json]
 *  [--format text|json|github] [--at TIME] [--detailed-exitcode] CANDIDATE-FILE`
 *
 * What committing CANDIDATE-FILE would do, for pre-merge CI: the
 * configuration diff (`show | compare` text, against ACTIVE-FILE or the
 * active configuration of the state directory) and the enrollment actions the
 * enrollment stage would plan (the same `plan()` that `commit check`, the
 * commit applier and the daemon run), with the PKI state of the state
 * directory when it has one. Nothing is written but `--out`: no lock, no
 * state directory created.
 *
 * Exit status: 0 ok, 1 configuration errors, 2 usage or I/O error; with
 * `--detailed-exitcode`, as Terraform's: 0 no changes, 1 errors of any kind,
 * 2 changes (configuration or an enrollment action that runs at commit).
 * plan.json is described by schemas/plan.schema.json.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../run.js';
import { cannotRead, HELP_OPTION, parseCommandArgs, STATE_OPTION, usageError } from '../options.js';
import { stateDirOption } from '../state-dir-option.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { renderText } from '../../diag/render-text.js';
import { renderGithub } from '../../diag/render-github.js';
import { EMPTY_TREE, type ConfigTree } from '../../tree/config-tree.js';
import { defaultLanguage } from '../../commit/default-language.js';
import { compareOptionsOf, diffOptionsOf } from '../../commit/config-language.js';
import { openStore } from '../../commit/store.js';
import { diffTrees } from '../../diff/diff-trees.js';
import { renderChanges } from '../../diff/render-compare.js';
import type { TreeChange } from '../../diff/tree-change.js';
import { describeAction, desiredFromConfig, isEffect, plan, type Action } from '../../enroll/plan.js';
import { observeState } from '../../enroll/reconcile.js';
import type { ObservedState } from '../../enroll/plan.js';
import { writeExportFile } from '../../op/export-file.js';
import { checkConfigFile, readInput } from './validate.js';

export const PLAN_USAGE = `usage: pkicfg plan [--against ACTIVE-FILE] [--state DIR] [--out FILE] [--format text|json|github] [--at TIME] [--detailed-exitcode] CANDIDATE-FILE
  CANDIDATE-FILE       the configuration a change would commit (set, curly, json or yaml); - reads stdin
  --against FILE       compare with this configuration instead of the state directory's active one
  --state DIR          the state directory: its active configuration (unless --against) and its PKI
                       store, from which the enrollment actions are planned
  --out FILE           also write the plan as JSON (schemas/plan.schema.json)
  --format F           text (default), json (the plan on stdout) or github (annotations and a summary)
  --at TIME            plan enrollment as of TIME (ISO 8601, e.g. 2027-06-01T00:00Z) instead of now
  --detailed-exitcode  exit 0 no changes, 1 errors, 2 changes (as terraform plan -detailed-exitcode)
exit status: 0 ok, 1 configuration errors, 2 usage or I/O error (see --detailed-exitcode)
`;

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** One configuration change of plan.json: where, and what kind; values are left out (they may be secrets). */
interface PlanChange {
  readonly op: TreeChange['op'];
  readonly path: readonly string[];
}

/** One enrollment action of plan.json. */
interface PlanAction {
  readonly kind: Action['kind'];
  readonly certId?: string;
  readonly caProfile?: string;
  readonly at?: string;
  /** Runs when the candidate is committed (not scheduled for later, not a note). */
  readonly atCommit: boolean;
  readonly description: string;
}

/** plan.json (schemas/plan.schema.json). */
export interface PlanDocument {
  readonly formatVersion: 1;
  readonly candidate: string;
  readonly against: { readonly file: string } | { readonly stateDir: string; readonly active: boolean };
  readonly plannedAt: string;
  readonly valid: boolean;
  readonly diagnostics: readonly {
    readonly severity: Diagnostic['severity'];
    readonly code: string;
    readonly message: string;
    readonly file?: string;
    readonly offset?: number;
  }[];
  readonly configuration: { readonly changes: readonly PlanChange[]; readonly compare: string };
  readonly enrollment: readonly PlanAction[];
  readonly summary: {
    readonly configurationChanges: number;
    readonly enrollmentAtCommit: number;
    readonly enrollmentScheduled: number;
    readonly changed: boolean;
  };
}

const NO_PKI: ObservedState = { localCerts: [], caCerts: [], pendingJobs: [] };

function planAction(a: Action): PlanAction {
  return {
    kind: a.kind,
    ...('certId' in a && a.certId !== undefined ? { certId: a.certId } : {}),
    ...('caProfile' in a ? { caProfile: a.caProfile } : {}),
    ...('at' in a ? { at: a.at.toISOString() } : {}),
    atCommit: isEffect(a),
    description: describeAction(a),
  };
}

function summaryLine(s: PlanDocument['summary']): string {
  if (!s.changed && s.enrollmentScheduled === 0)
    return 'No changes. The active configuration matches the candidate.';
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  return `Plan: ${n(s.configurationChanges, 'configuration change')}, ${n(s.enrollmentAtCommit, 'enrollment action')} at commit, ${s.enrollmentScheduled} scheduled.`;
}

export async function planCommand(args: readonly string[], io: CliIO): Promise<number> {
  const detailed = args.includes('--detailed-exitcode');
  // Terraform's detailed codes: any failure is 1 (2 means "changes")
  const fail = (code: number): number => (detailed && code === 2 ? 1 : code);
  const parsed = parseCommandArgs(io, 'plan', PLAN_USAGE, args, {
    allowPositionals: true,
    options: {
      ...STATE_OPTION,
      against: { type: 'string' },
      out: { type: 'string' },
      at: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
      'detailed-exitcode': { type: 'boolean', default: false },
      ...HELP_OPTION,
    },
  });
  if (typeof parsed === 'number') return fail(parsed);
  const { values, positionals } = parsed;
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    return fail(usageError(io, 'plan', `unknown format '${values.format}'`, PLAN_USAGE));
  const now = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(now.getTime()) || (values.at !== undefined && !/^\d{4}-\d\d-\d\d/.test(values.at)))
    return fail(usageError(io, 'plan', `--at takes an ISO 8601 time, not '${values.at}'`, PLAN_USAGE));
  if (positionals.length !== 1)
    return fail(
      usageError(
        io,
        'plan',
        positionals.length ? 'one CANDIDATE-FILE only' : 'no CANDIDATE-FILE given',
        PLAN_USAGE,
      ),
    );

  const sources = new Map<string, string>();
  const read = async (file: string): Promise<[string, string] | undefined> => {
    try {
      const r = await readInput(file, io);
      sources.set(r[0], r[1]);
      return r;
    } catch (e) {
      cannotRead(io, 'plan', file, e);
      return undefined;
    }
  };
  const cand = await read(positionals[0]);
  if (!cand) return fail(2);
  const candidate = checkConfigFile(cand[1], cand[0]);
  const diagnostics = [...candidate.diagnostics];

  let stateDir: string;
  try {
    stateDir = stateDirOption(values.state, io.env);
  } catch (e) {
    io.stderr.write(`pkicfg plan: ${(e as Error).message}\n`);
    return fail(2);
  }
  // a state directory is read only when it exists: planning never creates one
  const hasActive = existsSync(join(stateDir, 'config'));
  let active: ConfigTree | undefined = EMPTY_TREE;
  if (values.against !== undefined) {
    const ag = await read(values.against);
    if (!ag) return fail(2);
    const r = checkConfigFile(ag[1], ag[0]);
    diagnostics.push(...r.diagnostics);
    active = r.tree;
  } else if (hasActive) {
    active = openStore(stateDir).active();
  }
  const observed = existsSync(stateDir) ? observeState(stateDir) : NO_PKI;

  const errors = diagnostics.filter((d) => d.severity === 'error');
  const valid = errors.length === 0 && candidate.tree !== undefined && active !== undefined;
  const lang = defaultLanguage();
  const changes = valid ? diffTrees(active!, candidate.tree!, diffOptionsOf(lang)) : [];
  const compare = valid ? renderChanges(active!, candidate.tree!, changes, compareOptionsOf(lang)) : '';
  const actions = valid ? plan(desiredFromConfig(candidate.tree), observed, now) : [];
  const enrollment = actions.map(planAction);
  const atCommit = enrollment.filter((a) => a.atCommit).length;
  const summary = {
    configurationChanges: changes.length,
    enrollmentAtCommit: atCommit,
    enrollmentScheduled: enrollment.filter((a) => a.kind === 'scheduled').length,
    changed: changes.length > 0 || atCommit > 0,
  };
  const doc: PlanDocument = {
    formatVersion: 1,
    candidate: cand[0],
    against: values.against !== undefined ? { file: values.against } : { stateDir, active: hasActive },
    plannedAt: now.toISOString(),
    valid,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.span ? { file: d.span.source, offset: d.span.start } : {}),
    })),
    configuration: { changes: changes.map((c) => ({ op: c.op, path: [...c.path] })), compare },
    enrollment,
    summary,
  };

  if (values.out !== undefined) {
    const w = writeExportFile(values.out, `${JSON.stringify(doc, null, 2)}\n`);
    if (!w.ok) {
      io.stderr.write(`pkicfg plan: could not write '${values.out}': ${w.reason}\n`);
      return fail(2);
    }
  }
  if (format === 'json') io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else if (format === 'github') {
    io.stdout.write(renderGithub(diagnostics, sources));
    if (valid) io.stdout.write(`::notice title=pkicfg plan::${summaryLine(summary)}\n`);
  } else {
    if (diagnostics.length) io.stderr.write(renderText(diagnostics, { sources }));
    if (valid) {
      io.stdout.write(compare);
      for (const a of enrollment) io.stdout.write(`Enrollment plan: ${a.description}\n`);
      io.stdout.write(`${summaryLine(summary)}\n`);
    }
  }
  if (!valid) return 1;
  return detailed && summary.changed ? 2 : 0;
}
