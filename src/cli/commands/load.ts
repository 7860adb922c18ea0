/**
 * `pkicfg load merge|override|replace|set|patch|update FILE|- [--relative PATH]
 *   [--commit] [--check] [--comment C] [--confirmed MIN] [--wait SEC] [--state DIR]`
 *
 * Loads FILE into the shared candidate of the store (Junos `load`). A load with
 * errors keeps what parsed and prints `load complete (N errors)`; `--commit`
 * then refuses to commit. `--commit`/`--check` run in the same hold of the lock
 * as the load, so nobody commits in between.
 * Exit status: 0 ok, 1 configuration errors (load errors, failed commit), 2
 * usage or I/O error, 3 database locked.
 */
import type { CliIO } from '../run.js';
import { command } from '../command.js';
import { STATE_HELP, STATE_OPTION } from '../options.js';
import { COMMIT_OPTIONS, confirmedMinutes } from '../commit-options.js';
import { openCliSession, printCommit, transactionStatus } from '../cli-session.js';
import { WAIT_OPTION, WAIT_USAGE, lockWaitMs } from '../lock-wait.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { renderText } from '../../diag/render-text.js';
import { LOAD_MODES, type LoadMode } from '../../commit/session.js';

export const LOAD_USAGE = `usage: pkicfg load merge|override|replace|set|patch|update FILE|- [options]
  --relative PATH   load below this edit level (words separated by spaces)
  --commit          commit after a load without errors
  --check           commit check after the load (nothing is committed)
  --comment C       commit comment (with --commit or --confirmed)
  --confirmed MIN   commit confirmed: roll back after MIN minutes (1..65535) unless confirmed
${WAIT_USAGE}  --state DIR       ${STATE_HELP}
exit status: 0 ok, 1 configuration errors, 2 usage or I/O error, 3 database locked
`;

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

export const loadCommand = command(
  {
    name: 'load',
    usage: LOAD_USAGE,
    positionals: true,
    options: {
      ...STATE_OPTION,
      relative: { type: 'string' },
      commit: { type: 'boolean', default: false },
      ...COMMIT_OPTIONS,
      ...WAIT_OPTION,
    },
  },
  async ({ values, positionals }, cx) => {
    const { io } = cx;
    const [mode, file] = positionals;
    if (!LOAD_MODES.includes(mode as LoadMode) || file === undefined || positionals.length > 2)
      return cx.usage('expected MODE and FILE');
    const confirmed = confirmedMinutes(values.confirmed);
    if (typeof confirmed === 'string') return cx.usage(confirmed);
    // a comment belongs to a commit: alone (or with --check) it would silently commit
    if (values.comment !== undefined && !values.commit && confirmed === undefined)
      return cx.usage('--comment needs --commit or --confirmed');
    const waitMs = lockWaitMs(values.wait, io.env);
    if (typeof waitMs === 'string') return cx.usage(waitMs);
    const input = await cx.readInput(file);
    if (typeof input === 'number') return input;
    const [source, text] = input;
    const session = openCliSession(cx.stateDir(), io, waitMs);
    if (values.relative) session.editPath = values.relative.trim().split(/\s+/);
    const r = await session.transaction(async () => {
      const l = await session.load(mode as LoadMode, text, source, {
        relative: values.relative !== undefined,
      });
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
    return transactionStatus(io, r);
  },
);
