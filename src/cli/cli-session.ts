/**
 * The configuration session of the commit-stage commands (`load`, `commit`,
 * `rollback`, `compare`, `history`): opened on the store of the state
 * directory with the CLI's appliers, and the one way their outcomes are
 * printed (a commit's Junos messages; a transaction the lock refused).
 */
import type { CliIO } from './run.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { defaultLanguage } from '../commit/default-language.js';
import { Session, type CommitOutcome } from '../commit/session.js';
import { openStore } from '../commit/store.js';
import { currentUser } from '../commit/lock.js';
import { cliAppliers } from './appliers.js';
import { lockedOr } from './lock-wait.js';

/** A shared CLI session on the store in STATEDIR, waiting up to LOCKWAITMS for the configuration lock. */
export function openCliSession(stateDir: string, io: CliIO, lockWaitMs = 0): Session {
  // revisions are written as curly text by the store's codec (the same printer)
  const r = Session.open({
    store: openStore(stateDir),
    language: defaultLanguage(),
    user: currentUser(io.env),
    via: 'cli',
    terminal: 'cli',
    lockWaitMs,
    appliers: cliAppliers(stateDir),
  });
  return r.value as Session;
}

/** Print a commit outcome: success lines to stdout, failures to stderr. Returns the exit code. */
export function printCommit(io: CliIO, outcome: CommitOutcome): number {
  (outcome.ok ? io.stdout : io.stderr).write(
    outcome.messages.length ? `${outcome.messages.join('\n')}\n` : '',
  );
  return outcome.ok ? 0 : 1;
}

/**
 * The exit status of a `session.transaction(...)`: its own, or, when the
 * transaction did not run (the lock refused it), its messages on stderr and 3
 * for a held lock, else 1.
 */
export function transactionStatus(
  io: CliIO,
  r: { readonly value?: number; readonly diagnostics: readonly Diagnostic[] },
): number {
  if (r.value !== undefined) return r.value;
  io.stderr.write(`${r.diagnostics.map((d) => d.message).join('\n')}\n`);
  return lockedOr(r.diagnostics, 1);
}
