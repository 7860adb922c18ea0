/**
 * `pkicfg load merge|override|replace|set|patch|update FILE|- [--relative PATH]
 *   [--commit] [--check] [--comment C] [--confirmed MIN] [--wait SEC] [--state DIR]`
 *
 * Loads FILE into the shared candidate of the store (Junos `load`). A load with
 * errors keeps what parsed and prints `load complete (N errors)`; `--commit`
 * then refuses to commit. `--commit`/`--check` run in the same hold of the lock
 * as the load, so nobody commits in between. Also the shared helpers of the
 * commit-stage commands (`commit`, `compare`, `rollback`, `history`).
 * Exit status: 0 ok, 1 configuration errors (load errors, failed commit), 2
 * usage or I/O error, 3 database locked.
 */
import type { CliIO } from '../run.js';
import {
  cannotRead,
  HELP_OPTION,
  STATE_OPTION,
  ioError,
  parseCommandArgs,
  usageError as usage,
} from '../options.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs, lockedOr } from '../lock-wait.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { renderText } from '../../diag/render-text.js';
import { defaultLanguage } from '../../commit/default-language.js';
import { Session, LOAD_MODES, type CommitOutcome, type LoadMode } from '../../commit/session.js';
import { stateDirOption } from '../state-dir-option.js';
import { openStore } from '../../commit/store.js';
import { currentUser } from '../../commit/lock.js';
import { readInput } from './validate.js';

import { cliAppliers } from '../appliers.js';

export const LOAD_USAGE = `usage: pkicfg load merge|override|replace|set|patch|update FILE|- [options]
  --relative PATH   load below this edit level (words separated by spaces)
  --commit          commit after a load without errors
  --check           commit check after the load (nothing is committed)
  --comment C       commit comment (with --commit or --confirmed)
  --confirmed MIN   commit confirmed: roll back after MIN minutes (1..65535) unless confirmed
${WAIT_USAGE}  --state DIR       state directory (default $PKICFG_STATE, $XDG_STATE_HOME/pkicfg, ~/.local/state/pkicfg)
exit status: 0 ok, 1 configuration errors, 2 usage or I/O error, 3 database locked
`;

/** Options common to the commit-stage commands. */

/** Open the store and a shared CLI session for `--state`. */
export function openCliSession(stateFlag: string | undefined, io: CliIO, lockWaitMs = 0): Session {
  const stateDir = stateDirOption(stateFlag, io.env);
  const language = defaultLanguage();
  // revisions are written as curly text by the store's codec (the same printer)
  const store = openStore(stateDir);
  const r = Session.open({
    store,
    language,
    user: currentUser(io.env),
    via: 'cli',
    terminal: 'cli',
    lockWaitMs,
    appliers: cliAppliers(stateDir),
  });
  return r.value as Session;
}

/** Parse an integer option; undefined if absent, NaN if malformed. */
export function intOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : NaN;
}

/** Print a commit outcome: success lines to stdout, failures to stderr. Returns the exit code. */
export function printCommit(io: CliIO, outcome: CommitOutcome): number {
  (outcome.ok ? io.stdout : io.stderr).write(
    outcome.messages.length ? `${outcome.messages.join('\n')}\n` : '',
  );
  return outcome.ok ? 0 : 1;
}

/** Print load diagnostics as file:line:col lines. */
export function printLoadDiagnostics(
  io: CliIO,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): void {
  if (diagnostics.length) io.stderr.write(renderText(diagnostics.map(unprefixed), { sources }));
}

/**
 * Junos messages carry their severity (`warning: statement not found`); the
 * text renderer adds `severity: ` itself, so drop the duplicate
 * (`warning: warning: ...`).
 */
function unprefixed(d: Diagnostic): Diagnostic {
  const prefix = `${d.severity}: `;
  return d.message.startsWith(prefix) ? { ...d, message: d.message.slice(prefix.length) } : d;
}

export async function loadCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'load', LOAD_USAGE, args, {
    allowPositionals: true,
    options: {
      ...STATE_OPTION,
      relative: { type: 'string' },
      commit: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      comment: { type: 'string' },
      confirmed: { type: 'string' },
      ...WAIT_OPTION,
      ...HELP_OPTION,
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [mode, file] = positionals;
  if (!LOAD_MODES.includes(mode as LoadMode) || file === undefined || positionals.length > 2) {
    return usage(io, 'load', 'expected MODE and FILE', LOAD_USAGE);
  }
  const confirmed = intOption(values.confirmed);
  if (Number.isNaN(confirmed)) return usage(io, 'load', '--confirmed takes minutes (1..65535)', LOAD_USAGE);
  // a comment belongs to a commit: alone (or with --check) it would silently commit
  if (values.comment !== undefined && !values.commit && confirmed === undefined)
    return usage(io, 'load', '--comment needs --commit or --confirmed', LOAD_USAGE);
  const waitMs = lockWaitMs(values.wait, io.env);
  if (typeof waitMs === 'string') return usage(io, 'load', waitMs, LOAD_USAGE);
  let source: string;
  let text: string;
  try {
    [source, text] = await readInput(file, io);
  } catch (e) {
    return cannotRead(io, 'load', file, e);
  }
  let session: Session;
  try {
    session = openCliSession(values.state, io, waitMs);
  } catch (e) {
    return ioError(io, 'load', e);
  }
  if (values.relative) session.editPath = values.relative.trim().split(/\s+/);
  const r = await session.transaction(async () => {
    const l = await session.load(mode as LoadMode, text, source, { relative: values.relative !== undefined });
    printLoadDiagnostics(io, l.diagnostics, new Map([[source, text]]));
    io.stdout.write(`${l.value.message}\n`);
    if (l.value.errors > 0) {
      if (values.commit) {
        io.stderr.write(
          'error: load had errors; not committing (fix the file, or `pkicfg rollback 0` to discard)\n',
        );
      }
      return 1;
    }
    if (values.commit || values.check || confirmed !== undefined) {
      const c = await session.commit({
        check: values.check && !values.commit,
        comment: values.comment,
        confirmed,
      });
      return printCommit(io, c.value);
    }
    return 0;
  });
  if (r.value === undefined) {
    io.stderr.write(`${r.diagnostics.map((d) => d.message).join('\n')}\n`);
    return lockedOr(r.diagnostics, 1);
  }
  return r.value;
}
