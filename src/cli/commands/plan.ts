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
import { command, type CommandArgs, type CommandContext } from '../command.js';
import { STATE_OPTION } from '../options.js';
import type { Input } from '../input-file.js';
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
import { checkConfigFile } from './validate.js';

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

const PLAN_OPTIONS = {
  ...STATE_OPTION,
  against: { type: 'string' },
  out: { type: 'string' },
  at: { type: 'string' },
  format: { type: 'string', short: 'f', default: 'text' },
  'detailed-exitcode': { type: 'boolean', default: false },
} as const;

type PlanValues = CommandArgs<typeof PLAN_OPTIONS, true>['values'];

/** `--at TIME` as a date (now when absent), or the usage message. */
function plannedAt(at: string | undefined): Date | string {
  const now = at === undefined ? new Date() : new Date(at);
  if (Number.isNaN(now.getTime()) || (at !== undefined && !/^\d{4}-\d\d-\d\d/.test(at)))
    return `--at takes an ISO 8601 time, not '${at}'`;
  return now;
}

/** The two configurations a plan compares, with every file's text for the diagnostics. */
interface PlanInputs {
  readonly candidateFile: string;
  readonly candidate: { tree?: ConfigTree; diagnostics: Diagnostic[] };
  /** Undefined when --against has syntax errors that leave no tree. */
  readonly active: ConfigTree | undefined;
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, string>;
  readonly stateDir: string;
  /** The state directory has an active configuration (it is read only when it exists). */
  readonly hasActive: boolean;
}

/** Reads and checks CANDIDATE and the configuration it is planned against; the exit status after an I/O error. */
async function planInputs(
  cx: CommandContext,
  candidate: string,
  v: PlanValues,
): Promise<PlanInputs | number> {
  const sources = new Map<string, string>();
  const read = async (file: string): Promise<Input | number> => {
    const r = await cx.readInput(file);
    if (typeof r !== 'number') sources.set(r[0], r[1]);
    return r;
  };
  const cand = await read(candidate);
  if (typeof cand === 'number') return cand;
  const checked = checkConfigFile(cand[1], cand[0]);
  const diagnostics = [...checked.diagnostics];
  const stateDir = cx.stateDir();
  // a state directory is read only when it exists: planning never creates one
  const hasActive = existsSync(join(stateDir, 'config'));
  let active: ConfigTree | undefined = EMPTY_TREE;
  if (v.against !== undefined) {
    const ag = await read(v.against);
    if (typeof ag === 'number') return ag;
    const r = checkConfigFile(ag[1], ag[0]);
    diagnostics.push(...r.diagnostics);
    active = r.tree;
  } else if (hasActive) {
    active = openStore(stateDir).active();
  }
  return { candidateFile: cand[0], candidate: checked, active, diagnostics, sources, stateDir, hasActive };
}

/** plan.json of INPUTS as of NOW: the configuration changes and the enrollment actions, when both files are valid. */
function planDocument(p: PlanInputs, v: PlanValues, now: Date): PlanDocument {
  const observed = existsSync(p.stateDir) ? observeState(p.stateDir) : NO_PKI;
  const errors = p.diagnostics.filter((d) => d.severity === 'error');
  const cand = p.candidate.tree;
  const active = p.active;
  const valid = errors.length === 0 && cand !== undefined && active !== undefined;
  const lang = defaultLanguage();
  const changes = valid ? diffTrees(active, cand, diffOptionsOf(lang)) : [];
  const compare = valid ? renderChanges(active, cand, changes, compareOptionsOf(lang)) : '';
  const enrollment = (valid ? plan(desiredFromConfig(cand), observed, now) : []).map(planAction);
  const atCommit = enrollment.filter((a) => a.atCommit).length;
  return {
    formatVersion: 1,
    candidate: p.candidateFile,
    against: v.against !== undefined ? { file: v.against } : { stateDir: p.stateDir, active: p.hasActive },
    plannedAt: now.toISOString(),
    valid,
    diagnostics: p.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.span ? { file: d.span.source, offset: d.span.start } : {}),
    })),
    configuration: { changes: changes.map((c) => ({ op: c.op, path: [...c.path] })), compare },
    enrollment,
    summary: {
      configurationChanges: changes.length,
      enrollmentAtCommit: atCommit,
      enrollmentScheduled: enrollment.filter((a) => a.kind === 'scheduled').length,
      changed: changes.length > 0 || atCommit > 0,
    },
  };
}

/** The plan on stdout in FORMAT (diagnostics of the text format on stderr). */
function printPlan(io: CliIO, format: Format, doc: PlanDocument, p: PlanInputs): void {
  if (format === 'json') io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  else if (format === 'github') {
    io.stdout.write(renderGithub(p.diagnostics, p.sources));
    if (doc.valid) io.stdout.write(`::notice title=pkicfg plan::${summaryLine(doc.summary)}\n`);
  } else {
    if (p.diagnostics.length) io.stderr.write(renderText(p.diagnostics, { sources: p.sources }));
    if (doc.valid) {
      io.stdout.write(doc.configuration.compare);
      for (const a of doc.enrollment) io.stdout.write(`Enrollment plan: ${a.description}\n`);
      io.stdout.write(`${summaryLine(doc.summary)}\n`);
    }
  }
}

export const planCommand = command(
  {
    name: 'plan',
    usage: PLAN_USAGE,
    positionals: true,
    options: PLAN_OPTIONS,
    // Terraform's detailed codes: any failure is 1 (2 means "changes")
    errorStatus: (args) => (args.includes('--detailed-exitcode') ? 1 : 2),
  },
  async ({ values, positionals }, cx) => {
    const format = values.format as Format;
    if (!FORMATS.includes(format)) return cx.usage(`unknown format '${values.format}'`);
    const now = plannedAt(values.at);
    if (typeof now === 'string') return cx.usage(now);
    if (positionals.length !== 1)
      return cx.usage(positionals.length ? 'one CANDIDATE-FILE only' : 'no CANDIDATE-FILE given');
    const inputs = await planInputs(cx, positionals[0], values);
    if (typeof inputs === 'number') return inputs;
    const doc = planDocument(inputs, values, now);
    if (values.out !== undefined) {
      const w = writeExportFile(values.out, `${JSON.stringify(doc, null, 2)}\n`);
      if (!w.ok) {
        cx.io.stderr.write(`pkicfg plan: could not write '${values.out}': ${w.reason}\n`);
        return cx.errorStatus;
      }
    }
    printPlan(cx.io, format, doc, inputs);
    if (!doc.valid) return 1;
    return values['detailed-exitcode'] && doc.summary.changed ? 2 : 0;
  },
);
