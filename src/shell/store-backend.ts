/**
 * The shell's seams bound to the real engines: COMMIT's store and sessions
 * (shared / exclusive / private candidates, commit, rollback, load, compare,
 * history) and the language (schema, printers). Diagnostics become Junos text
 * here, so the shell itself only prints.
 */
import { secretSpans } from '../syntax/secret-words.js';
import { REDACTED } from './redact-line.js';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import { LineIndex } from '../diag/line-index.js';
import type { ConfigLanguage } from '../commit/config-language.js';
import { formatTime } from '../commit/lock.js';
import { editBanner, junosVia, renderHistory } from '../commit/render-commit.js';
import { renderCompare } from '../diff/render-compare.js';
import { Session, type Applier } from '../commit/session.js';
import { MAX_ROLLBACK, type Store } from '../commit/store.js';
import type { ConfigTree } from '../tree/config-tree.js';
import { treesEqual } from '../tree/tree-ops.js';
import type { ConfigBackend, ConfigSession, EditMode, LoadMode, Outcome, RevisionInfo } from './backend.js';

export interface StoreBackendOptions {
  readonly store: Store;
  readonly language: ConfigLanguage;
  readonly appliers?: readonly Applier[];
  /** The controlling terminal (`pts/3`), shown by `status` and in lock messages. */
  readonly terminal?: string;
  /** How long configure/commit/load wait for another writer's lock (ms, default 0: refuse at once). */
  readonly lockWaitMs?: number;
}

function lines(xs: readonly string[]): string {
  return xs.length ? xs.join('\n') + '\n' : '';
}

function warningText(d: Diagnostic): string {
  return d.message.startsWith('warning:') ? d.message : `warning: ${d.message}`;
}

/** Diagnostics of a `set`/`delete` line: the first located error gets the caret, the rest are lines. */
function applyOutcome(diags: readonly Diagnostic[]): Outcome {
  const out: string[] = [];
  let at: number | undefined;
  let caretMsg: string | undefined;
  for (const d of diags) {
    if (d.severity === 'error') {
      if (at === undefined && d.span) {
        at = d.span.start;
        caretMsg = d.message;
        continue;
      }
      out.push(
        d.path && d.path.length
          ? `${editBanner(d.path)}\n  ${d.message}`
          : d.message.startsWith('error:')
            ? d.message
            : d.message,
      );
    } else out.push(warningText(d));
  }
  const ok = !hasErrors(diags);
  if (caretMsg !== undefined) return { ok, text: lines([caretMsg, ...out]), at };
  return { ok, text: lines(out) };
}

/** A line of loaded text, trimmed, with its secret values as `******`. */
function maskedLine(text: string, idx: LineIndex, line: number): string {
  const from = idx.lineStart(line);
  const raw = idx.lineText(line);
  let out = '';
  let at = 0;
  for (const r of secretSpans(text).filter((x) => x.start >= from && x.end <= from + raw.length)) {
    out += raw.slice(at, r.start - from) + REDACTED;
    at = r.end - from;
  }
  return (out + raw.slice(at)).trim();
}

/** Junos's load error lines: `terminal:4:(18) syntax error: metric`, or an `[edit ...]` block. */
function loadLines(diags: readonly Diagnostic[], text: string, mode?: LoadMode): string[] {
  const idx = new LineIndex(text);
  const out: string[] = [];
  for (const d of diags) {
    const msg = d.severity === 'warning' ? warningText(d) : d.message;
    // Junos: `terminal:2:(46) syntax error: metric` (the parser's "expecting" detail is ours)
    const bad = /^syntax error, expecting [^:]*: (\S+)/.exec(msg);
    const junos = bad ? `syntax error: ${bad[1]}` : msg;
    if (d.span && mode !== undefined && mode !== 'set' && mode !== 'patch') {
      // a text load: the column is the end of the token, then the [edit ...] block (junos-cli.md §4)
      const start = idx.lineCol(d.span.start);
      const end = idx.lineCol(d.span.end);
      out.push(
        `${d.span.source}:${start.line}:(${end.line === start.line ? end.col - 1 : start.col - 1}) ${junos}`,
      );
      if (bad && d.path) {
        out.push(
          `  ${editBanner(d.path)}`,
          `    '${maskedLine(text, idx, start.line)}'`,
          '      syntax error',
        );
      }
    } else if (d.span) {
      const { line, col } = idx.lineCol(d.span.start);
      out.push(`${d.span.source}:${line}:(${col - 1}) ${junos}`);
    } else if (d.path) {
      out.push(editBanner(d.path));
      if (d.statement) out.push(`  '${d.statement}'`);
      out.push(`    ${msg}`);
    } else out.push(msg);
  }
  return out;
}

class StoreSession implements ConfigSession {
  /** When this user entered configuration mode (`on since` in `status`). */
  private readonly since: number;
  constructor(
    private readonly s: Session,
    private readonly store: Store,
    private readonly terminal: string,
  ) {
    this.since = store.clock();
  }
  get mode(): EditMode {
    return this.s.mode;
  }
  candidate(): ConfigTree {
    return this.s.candidate();
  }
  isModified(): boolean {
    return !treesEqual(this.s.candidate(), this.store.active());
  }
  async apply(line: string, source: string, editPath: readonly string[]): Promise<Outcome> {
    this.s.editPath = editPath;
    const r = await this.s.applyCommands(line, source);
    if (!r.value) return { ok: false, text: lines(r.diagnostics.map((d) => d.message)) };
    return applyOutcome(r.diagnostics);
  }
  async commit(req: { check?: boolean; comment?: string; confirmedMinutes?: number }): Promise<Outcome> {
    const r = await this.s.commit({
      check: req.check,
      comment: req.comment,
      confirmed: req.confirmedMinutes,
    });
    return { ok: r.value.ok, text: lines([...r.value.messages]) };
  }
  async rollback(n: number): Promise<Outcome> {
    const r = await this.s.rollback(n);
    if (!r.value)
      return {
        ok: false,
        text: lines(
          r.diagnostics.map((d) => (d.message.startsWith('error:') ? d.message : `error: ${d.message}`)),
        ),
      };
    return { ok: true, text: lines([r.value.message]) };
  }
  async load(mode: LoadMode, text: string, source: string, relativeTo?: readonly string[]): Promise<Outcome> {
    if (relativeTo) this.s.editPath = relativeTo;
    const r = await this.s.load(mode, text, source, { relative: relativeTo !== undefined });
    return {
      ok: r.value.errors === 0 && !r.value.message.startsWith('load failed'),
      text: lines([...loadLines(r.diagnostics, text, mode), r.value.message]),
    };
  }
  compare(rollback: number | undefined, path: readonly string[]): Outcome {
    const r = this.s.compare({ rollback, path });
    if (r.diagnostics.length)
      return { ok: false, text: lines(r.diagnostics.map((d) => `error: ${d.message}`)) };
    return { ok: true, text: r.value };
  }
  update(): Outcome {
    if (this.s.mode !== 'private')
      return { ok: false, text: "error: 'update' is only valid in 'configure private' mode\n" };
    const r = this.s.update();
    if (r.diagnostics.length)
      return { ok: false, text: lines([...loadLines(r.diagnostics, ''), 'load complete (conflicts)']) };
    return { ok: true, text: 'load complete\n' };
  }
  status(editPath: readonly string[] = this.s.editPath): string {
    const holder = this.store.lockHolder();
    const me = `  ${this.s.user} terminal ${this.terminal} (pid ${process.pid}) on since ${formatTime(this.since)}`;
    const out = [
      'Users currently editing the configuration:',
      me,
      `      ${this.s.mode === 'exclusive' ? 'exclusive ' : ''}${editBanner(editPath)}`,
    ];
    if (holder && holder.pid !== process.pid) {
      out.push(
        `  ${holder.user} terminal ${holder.terminal} (pid ${holder.pid}) on since ${formatTime(holder.since)}`,
      );
      out.push(`      ${holder.mode === 'exclusive' ? 'exclusive ' : ''}${editBanner(holder.editPath)}`);
    }
    if (this.isModified()) out.push('The configuration has been changed but not committed');
    return lines(out);
  }
  close(): void {
    this.s.close();
  }
}

/** ConfigBackend over COMMIT's on-disk store. */
export class StoreBackend implements ConfigBackend {
  readonly store: Store;
  private readonly language: ConfigLanguage;
  private readonly appliers: readonly Applier[];
  private readonly terminal: string;
  private readonly lockWaitMs: number;

  constructor(opts: StoreBackendOptions) {
    this.store = opts.store;
    this.language = opts.language;
    this.appliers = opts.appliers ?? [];
    this.terminal = opts.terminal ?? 'none';
    this.lockWaitMs = opts.lockWaitMs ?? 0;
  }

  active(): ConfigTree {
    return this.store.active();
  }

  enter(
    mode: EditMode,
    user: string,
  ): { ok: true; session: ConfigSession; notice: string } | { ok: false; text: string } {
    // read before opening: an exclusive session of ours takes the lock itself
    const holder = this.store.lockHolder();
    const r = Session.open({
      store: this.store,
      language: this.language,
      mode,
      user,
      via: 'cli',
      appliers: this.appliers,
      terminal: this.terminal,
      lockWaitMs: this.lockWaitMs,
    });
    if (!r.value) return { ok: false, text: lines(r.diagnostics.map((d) => d.message)) };
    const notice: string[] = [];
    // Junos lists the other editors on entry (junos-cli.md §6.1); the store knows the lock holder
    if (holder?.mode === 'exclusive') {
      notice.push(
        'Users currently editing the configuration:',
        `  ${holder.user} terminal ${holder.terminal} (pid ${holder.pid}) on since ${formatTime(holder.since)}`,
        `      exclusive ${editBanner(holder.editPath)}`,
      );
    }
    if (mode === 'exclusive' || mode === 'private')
      notice.push('warning: uncommitted changes will be discarded on exit');
    const shared = this.store.sharedCandidate();
    if (mode === 'shared' && shared && !treesEqual(shared.tree, this.store.active())) {
      notice.push('The configuration has been changed but not committed');
    }
    return { ok: true, session: new StoreSession(r.value, this.store, this.terminal), notice: lines(notice) };
  }

  revisions(): readonly RevisionInfo[] {
    return this.store
      .history()
      .slice(0, MAX_ROLLBACK + 1)
      .map((r, index) => ({ index, summary: `${formatTime(r.time)} by ${r.user} via ${junosVia(r.via)}` }));
  }

  expireConfirm(): string {
    const p = this.store.head().pending;
    if (!p || this.store.clock() < p.deadline) return '';
    // an exclusive session of ours holds the lock: its next commit enforces the deadline instead
    const r = this.store.lock({ user: 'root', terminal: this.terminal });
    if (!r.ok) return '';
    try {
      this.store.recover();
      return this.store.enforcePending() ? 'Commit was not confirmed; automatic rollback complete.\n' : '';
    } finally {
      r.lock.release();
    }
  }

  pendingConfirm(): { minutes: number } | undefined {
    const p = this.store.head().pending;
    if (!p) return undefined;
    return { minutes: Math.max(0, Math.ceil((p.deadline - this.store.clock()) / 60_000)) };
  }

  lastCommitHeader(): string {
    const last = this.store.history()[0];
    return last ? `## Last commit: ${formatTime(last.time)} by ${last.user}\n` : '';
  }

  compareActive(rollback: number, path: readonly string[]): Outcome {
    const old = this.store.rollback(rollback);
    if (old === undefined) return { ok: false, text: `error: rollback ${rollback} does not exist\n` };
    return { ok: true, text: renderCompare(old, this.store.active(), { path }) };
  }

  showCommits(): string {
    return renderHistory(this.store.history(), this.store.head().pending, this.store.clock());
  }
}
