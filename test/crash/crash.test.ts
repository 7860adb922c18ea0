/**
 * Crash safety (DESIGN invariant 4) under SIGKILL at random moments, one
 * harness for five kinds of work:
 *   commit      `load set` + `commit` (the COUNTER statement becomes N)
 *   confirmed   `commit confirmed 1` then `commit check`; a pending deadline left
 *               by a kill is enforced afterwards and rolls back to the revision before
 *   rollback    every third operation `rollback 1` + `commit`
 *   daemon      the daemon's reconcile passes renewing a local certificate over SCEP
 *               (new key pair each time) from a `pkicfg ca serve`
 *   ca          `pkicfg ca serve` itself, killed just after it logged a request
 * PKICFG_CRASH_KILLS kills in all (default 200, shared equally by the kinds;
 * PKICFG_CRASH_KINDS picks kinds), `npm run test:reliability` runs 1,000.
 * After every kill the state is read with the project's own code: the
 * configuration store opens, recovers and holds the last acknowledged
 * operation or the one in flight, with a consistent history and readable
 * rollbacks; the PKI store holds a certificate matching its key and signed by
 * the CA; the CA store, after a restart, has an index whose every line is a
 * certificate file, no certificate outside it, no serial twice and no
 * temporary file. Needs `npm run build` (npm test does it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadIssued, openCa, type IssuedRecord } from '../../src/ca/ca-store.js';
import { checkStore } from '../../src/commit/store-check.js';
import { Store, type CommitRecord } from '../../src/commit/store.js';
import { listJobs } from '../../src/enroll/job-store.js';
import { openPkiStore, PKI_KINDS, type PkiKind } from '../../src/pki/pki-store.js';
import { encrypt9 } from '../../src/syntax/secret.js';
import type { ConfigObject, ConfigTree } from '../../src/tree/config-tree.js';

const KINDS = (process.env.PKICFG_CRASH_KINDS ?? 'commit,confirmed,rollback,daemon,ca').split(',');
const TOTAL = Number(process.env.PKICFG_CRASH_KILLS ?? process.env.CRASH_KILLS ?? 200);
const WORKER = resolve('test/crash/crash-worker.mjs');
const CLI = resolve('dist/src/cli/main.js');
const built = existsSync(CLI) && existsSync(resolve('dist/src/enroll/daemon.js'));

/** This kind's share of the kills. */
function killsOf(kind: string): number {
  const i = KINDS.indexOf(kind);
  if (i < 0) return 0;
  return Math.floor(TOTAL / KINDS.length) + (i < TOTAL % KINDS.length ? 1 : 0);
}

const stats: string[] = [];
afterAll(() => {
  if (stats.length) process.stderr.write(`crash test:\n  ${stats.join('\n  ')}\n`);
});

interface Child {
  readonly proc: ChildProcess;
  readonly lines: string[];
  /** Resolves after the pipes are drained: every line written before the kill is in `lines`. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  onLine?: (line: string) => void;
}

function start(args: readonly string[], stream: 'stdout' | 'stderr' = 'stdout'): Child {
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = '';
  let err = '';
  const child: Child = {
    proc,
    lines: [],
    closed: new Promise((res) => proc.on('close', (code, signal) => res({ code, signal, stderr: err }))),
  };
  if (stream === 'stdout') proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  proc[stream]?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      child.lines.push(line);
      child.onLine?.(line);
    }
  });
  if (stream === 'stderr')
    proc.stdout?.on('data', (d: Buffer) => child.lines.push(...d.toString().split('\n')));
  return child;
}

/** Waits until a line matches (or the child ends: undefined). */
function waitLine(child: Child, re: RegExp): Promise<string | undefined> {
  const seen = child.lines.find((l) => re.test(l));
  if (seen !== undefined) return Promise.resolve(seen);
  return new Promise((res) => {
    child.onLine = (l) => {
      if (re.test(l)) {
        child.onLine = undefined;
        res(l);
      }
    };
    void child.closed.then(() => res(undefined));
  });
}

/**
 * Lets a pre-spawned worker go and kills it up to `maxDelayMs` after its first
 * operation began (or, with `until`, once a line matches).
 */
async function runAndKill(child: Child, pace: Pace | undefined, until?: RegExp): Promise<string[]> {
  child.proc.stdin?.write('go\n');
  const began = await waitLine(child, until ?? /^begin /);
  const t0 = Date.now();
  if (began !== undefined) {
    if (pace) await new Promise((res) => setTimeout(res, pace.delay()));
    child.proc.kill('SIGKILL');
  }
  const end = await child.closed;
  if (end.signal !== 'SIGKILL') throw new Error(`worker exited ${end.code}: ${end.stderr}`);
  pace?.saw(Date.now() - t0, child.lines.filter((l) => l.startsWith('done')).length);
  return child.lines;
}

/**
 * The kill delay follows the mean duration of one operation seen so far (the
 * machine may be loaded): uniform over two operations, so a kill falls at any
 * phase of one and the workers still make progress.
 */
class Pace {
  constructor(private opMs: number) {}
  delay(): number {
    return Math.random() * 2 * this.opMs;
  }
  /** A worker ran `elapsedMs` from its first operation and finished `ops`. */
  saw(elapsedMs: number, ops: number): void {
    if (ops > 0) this.opMs = 0.7 * this.opMs + (0.3 * elapsedMs) / ops;
    // no operation finished before the kill: they take longer than thought (a loaded machine)
    else this.opMs = Math.min(1.5 * this.opMs, 30_000);
  }
  get ms(): number {
    return Math.round(this.opMs);
  }
}

/** Rounds of pre-spawned workers: node's start-up overlaps the previous round's checks. */
async function rounds(
  kills: number,
  spawnOne: () => Child,
  round: (child: Child, k: number) => Promise<void>,
): Promise<void> {
  const pool: Child[] = Array.from({ length: Math.min(2, kills) }, spawnOne);
  let spawned = pool.length;
  try {
    for (let k = 0; k < kills; k++) {
      const child = pool.shift() as Child;
      if (spawned < kills) {
        pool.push(spawnOne());
        spawned++;
      }
      await round(child, k);
    }
  } finally {
    for (const c of pool) c.proc.kill('SIGKILL');
  }
}

// ---- the configuration store: commit, confirmed, rollback ----

function counterOf(tree: ConfigTree | undefined): number {
  const p = (tree?.security as ConfigObject | undefined)?.pki as ConfigObject | undefined;
  const c = (p?.['ca-profile'] as ConfigObject | undefined)?.COUNTER as ConfigObject | undefined;
  return c ? Number(c['ca-identity']) : 0;
}

interface Op {
  readonly n: number;
  readonly expect: number;
  mid: boolean;
  done: boolean;
}

function parseOps(lines: readonly string[]): Op[] {
  const ops: Op[] = [];
  for (const l of lines) {
    const [what, n, expect] = l.split(' ');
    if (what === 'begin') ops.push({ n: Number(n), expect: Number(expect), mid: false, done: false });
    const op = ops[ops.length - 1];
    if (op && Number(n) === op.n) {
      if (what === 'mid') op.mid = true;
      if (what === 'done') op.done = true;
    }
  }
  return ops;
}

/** What a kill may leave: the files of a store at rest (after recovery), nothing half-written. */
function checkStoreFiles(store: Store, dir: string): void {
  const head = store.head().seq;
  const config = join(dir, 'config');
  for (const name of readdirSync(config))
    expect(['HEAD', 'history.jsonl', 'revisions', 'chunks', 'candidate.json', 'lock']).toContain(name);
  for (const name of readdirSync(join(config, 'revisions'))) {
    const m = /^(\d+)\.manifest$/.exec(name);
    expect(m && Number(m[1]) <= head ? name : `stray ${name}`).toBe(name);
  }
  // every manifest's chunks are present with the hash they are named by (a
  // chunk written before a kill and named by no manifest goes at the next commit)
  expect(checkStore(store).problems).toEqual([]);
  const h = store.history();
  expect(h.map((r) => r.seq)).toEqual(h.map((_, i) => head - i));
  // every rollback the history offers is readable
  for (let k = 1; k < Math.min(h.length, 50); k++) expect(store.rollback(k)).toBeDefined();
  store.sharedCandidate();
}

async function storeKind(kind: 'commit' | 'confirmed' | 'rollback'): Promise<void> {
  const kills = killsOf(kind);
  const dir = mkdtempSync(join(tmpdir(), `pkicfg-crash-${kind}-`));
  let counter = 0; // COUNTER of the active configuration at the start of the round
  let top: CommitRecord | undefined; // newest history record at the start of the round
  let inside = 0;
  let landed = 0;
  let enforced = 0;
  let repaired = 0;
  const pace = new Pace(30);
  try {
    // the first operation loads the 40 bulk profiles: let it finish once
    await runAndKill(start([WORKER, kind, dir]), undefined, /^done /);
    counter = counterOf(store0(dir).active());
    top = store0(dir).history()[0];
    await rounds(
      kills,
      () => start([WORKER, kind, dir]),
      async (child) => {
        const ops = parseOps(await runAndKill(child, pace));
        const store = new Store(dir, { enforcePending: false });
        // recovery as every writer does it (under the lock; the dead child's lock is stale)
        const lock = store.lock({ waitMs: 2000 });
        expect(lock.ok).toBe(true);
        if (store.recover()) repaired++;
        if (lock.ok) lock.lock.release();
        const done = ops.filter((o) => o.done);
        const last = done[done.length - 1];
        const flight = ops.find((o) => !o.done);
        const doneCounter = last ? last.expect : counter;
        const h = store.history();
        const head = store.head();
        const active = counterOf(store.active());
        if (flight) inside++;
        if (flight && h[0]?.comment === `op${flight.n}`) {
          // the operation in flight reached its commit point
          landed++;
          expect(active).toBe(flight.expect);
          if (kind === 'confirmed') {
            if (head.pending) {
              // killed between `commit confirmed` and `commit check`: the deadline
              // survives and rolls back to the last confirmed configuration
              expect(head.pending.seq).toBe(head.seq);
              expect(counterOf(store.readSeq(head.pending.rollbackSeq))).toBe(doneCounter);
              const later = new Store(dir, { clock: () => Date.now() + 120_000 });
              expect(later.withLock({ waitMs: 2000 }, () => undefined).ok).toBe(true);
              const after = later.history()[0];
              expect([after.user, after.via, after.seq]).toEqual(['root', 'other', head.seq + 1]);
              expect(later.head().pending).toBeUndefined();
              expect(counterOf(later.active())).toBe(doneCounter);
              enforced++;
            } else expect(flight.mid).toBe(true);
          }
        } else {
          expect(active).toBe(doneCounter);
          expect(head.pending).toBeUndefined();
          if (last) expect(h[0].comment).toBe(`op${last.n}`);
          else expect(h[0]).toEqual(top);
        }
        checkStoreFiles(store, dir);
        counter = counterOf(store.active());
        top = store.history()[0];
      },
    );
    // the workers made progress between the kills (on a loaded machine a
    // worker may be killed before its first commit, so not one per round)
    expect(store0(dir).history().length).toBeGreaterThan(kills / 4);
    stats.push(
      `${kind}: ${kills} kills, ${store0(dir).history().length} commits in the history, ${inside} inside an operation, ` +
        `${landed} with the one in flight committed${kind === 'confirmed' ? `, ${enforced} deadlines enforced after the kill` : ''}, ` +
        `${repaired} recoveries with repairs, ${pace.ms} ms per operation`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const store0 = (dir: string): Store => new Store(dir, { enforcePending: false });

// ---- the daemon and the CA ----

function cli(args: readonly string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PKICFG_STATE: undefined },
  });
  if (r.status !== 0) throw new Error(`pkicfg ${args.join(' ')}: ${r.status}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

interface Pki {
  readonly state: string;
  readonly caState: string;
  readonly port: number;
  readonly challenge: string;
  ca: Child;
  caPem: string;
}

/** `pkicfg ca serve` on the fixed port, once it listens. */
async function startCa(p: Pick<Pki, 'caState' | 'port' | 'challenge'>): Promise<Child> {
  const args = ['ca', 'serve', '--port', String(p.port), '--state', p.caState, '--validity-days', '1'];
  const ca = start([CLI, ...args, '--challenge', p.challenge], 'stderr');
  for (let i = 0; ; i++) {
    await new Promise((res) => setTimeout(res, 50));
    if (ca.lines.some((l) => l.startsWith('Listening on'))) return ca;
    const gone = ca.proc.exitCode !== null || ca.proc.signalCode !== null;
    if (gone || i > 400) throw new Error(`ca serve did not start: ${ca.lines.join('\n')}`);
  }
}

/**
 * A state directory with a local certificate r1 enrolled over SCEP from the CA
 * and renewed with a new key pair at half its 1-day life: the daemon worker
 * (crash-worker.mjs) runs its clock 18 h ahead, so each certificate the CA
 * issues is due at once and every pass renews.
 */
async function setUpPki(): Promise<Pki> {
  const root = mkdtempSync(join(tmpdir(), 'pkicfg-crash-pki-'));
  const p = {
    state: join(root, 'state'),
    caState: join(root, 'ca'),
    port: await freePort(),
    challenge: randomBytes(8).toString('hex'),
  };
  const ca = await startCa(p);
  const fp = /Fingerprint: (\S+) \(sha256\)/.exec(ca.lines.join('\n'))?.[1].replace(/:/g, '') ?? '';
  const conf = join(root, 'pki.set');
  const url = `http://127.0.0.1:${p.port}/scep`;
  const entry = 'set security pki auto-re-enrollment scep certificate-id r1';
  writeFileSync(
    conf,
    [
      'set security pki ca-profile ca1 ca-identity ca1',
      `set security pki ca-profile ca1 enrollment url ${url}`,
      // a request lost with a killed CA is polled again at once
      'set security pki ca-profile ca1 enrollment retry-interval 0',
      'set security pki ca-profile ca1 revocation-check disable',
      `${entry} ca-profile-name ca1 challenge-password "${encrypt9(p.challenge)}" re-generate-keypair`,
      `${entry} re-enroll-trigger-time-percentage 50`,
      '',
    ].join('\n'),
  );
  const s = ['--state', p.state];
  cli(['load', 'set', conf, '--commit', ...s]);
  cli([
    'request',
    'security',
    'pki',
    'generate-key-pair',
    'certificate-id',
    'r1',
    'size',
    '1024',
    'type',
    'rsa',
    ...s,
  ]);
  cli([
    'request',
    'security',
    'pki',
    'ca-certificate',
    'enroll',
    'ca-profile',
    'ca1',
    '--fingerprint',
    fp,
    ...s,
  ]);
  cli([
    ...['request', 'security', 'pki', 'local-certificate', 'enroll', 'scep', 'certificate-id', 'r1'],
    ...['ca-profile', 'ca1', 'challenge-password', p.challenge, 'subject', 'CN=r1,O=Example', ...s],
  ]);
  return { ...p, ca, caPem: readFileSync(join(p.caState, 'ca', 'ca.pem'), 'utf8') };
}

/** The local certificate r1 is whole: it matches its key and the CA signed it. */
function checkLocal(p: Pki): string {
  const pki = openPkiStore(p.state);
  const cert = new X509Certificate(pki.readPem('local', 'r1') ?? '');
  const key = createPrivateKey(pki.readPem('key', 'r1') ?? '');
  expect(cert.checkPrivateKey(key)).toBe(true);
  expect(cert.verify(new X509Certificate(p.caPem).publicKey)).toBe(true);
  for (const j of listJobs(p.state)) expect(['requesting', 'pending', 'issued', 'failed']).toContain(j.state);
  // only the files the index references remain (opening tidied up)
  for (const kind of PKI_KINDS as readonly PkiKind[]) {
    const sub = { key: 'keys', local: 'local', ca: 'ca', request: 'requests', crl: 'crl' }[kind];
    const want = pki.list(kind).map((id) => basename(pki.path(kind, id)));
    expect(readdirSync(join(p.state, 'pki', sub)).sort()).toEqual(want.sort());
  }
  return cert.serialNumber;
}

/** The CA store after a restart; returns its index. */
function checkCaStore(p: Pki, before: readonly IssuedRecord[]): IssuedRecord[] {
  const ca = openCa(p.caState);
  const dir = join(p.caState, 'ca');
  expect(readFileSync(ca.certPath, 'utf8')).toBe(p.caPem);
  const text = readFileSync(join(dir, 'index.jsonl'), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const index = text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as IssuedRecord);
  // nothing recorded is lost or rewritten, no serial is used twice
  expect(index.slice(0, before.length)).toEqual(before);
  expect(new Set(index.map((r) => r.serial)).size).toBe(index.length);
  for (const r of index) expect(loadIssued(ca, r.serial)?.x509.serialNumber).toBe(r.serial);
  // every certificate file is in the index, no temporary file is left
  const files = readdirSync(join(dir, 'issued')).sort();
  expect(files).toEqual(index.map((r) => `${r.serial}.pem`).sort());
  for (const f of [...readdirSync(dir), ...readdirSync(join(dir, 'pending'))]) expect(f).not.toMatch(/tmp/);
  return index;
}

function tearDown(p: Pki | undefined): Promise<unknown> {
  if (!p) return Promise.resolve();
  p.ca.proc.kill('SIGKILL');
  return p.ca.closed.then(() => rmSync(join(p.state, '..'), { recursive: true, force: true }));
}

function finishInterrupted(pki: Pki): void {
  try {
    cli(['daemon', '--once', '--state', pki.state]);
  } catch (e) {
    if (!/interrupted before its request was sent/.test(String(e))) throw e;
  }
}

async function daemonKind(): Promise<void> {
  const kills = killsOf('daemon');
  let p: Pki | undefined;
  try {
    const pki = (p = await setUpPki());
    const serials = new Set([checkLocal(pki)]);
    let inside = 0;
    // a renewal pass (new RSA key, SCEP round trip) takes from 0.1 to a few s here
    const pace = new Pace(500);
    await rounds(
      kills,
      () => start([WORKER, 'daemon', pki.state]),
      async (child) => {
        const lines = await runAndKill(child, pace);
        if (!lines[lines.length - 1]?.startsWith('done')) inside++;
        serials.add(checkLocal(pki));
      },
    );
    // the real daemon finishes what the kills interrupted; a renewal killed
    // before its request left is reported failed (rc 1), to be renewed when due
    finishInterrupted(pki);
    serials.add(checkLocal(pki));
    expect(serials.size).toBeGreaterThan(kills / 4);
    stats.push(
      `daemon: ${kills} kills, ${inside} inside a pass, ${serials.size - 1} renewals, ${pace.ms} ms per pass`,
    );
  } finally {
    await tearDown(p);
  }
}

async function caKind(): Promise<void> {
  const kills = killsOf('ca');
  let p: Pki | undefined;
  let daemon: Child | undefined;
  try {
    const pki = (p = await setUpPki());
    let index = checkCaStore(pki, []);
    daemon = start([WORKER, 'daemon', pki.state]);
    daemon.proc.stdin?.write('go\n');
    let issuedInRound = 0;
    for (let k = 0; k < kills; k++) {
      const ca = pki.ca;
      const seen = await waitLine(ca, /(PKCSReq|RenewalReq) txid=/);
      expect(seen).toBeDefined();
      // issuing (signature, certificate file, index line, response) takes tens of ms
      await new Promise((res) => setTimeout(res, Math.random() * 150));
      ca.proc.kill('SIGKILL');
      await ca.closed;
      if (ca.lines.some((l) => /CertRep SUCCESS/.test(l))) issuedInRound++;
      // no request reaches the CA while it starts and is checked
      daemon.proc.kill('SIGSTOP');
      pki.ca = await startCa(pki);
      index = checkCaStore(pki, index);
      daemon.proc.kill('SIGCONT');
    }
    daemon.proc.kill('SIGKILL');
    await daemon.closed;
    daemon = undefined;
    finishInterrupted(pki);
    checkLocal(pki);
    expect(index.length).toBeGreaterThan(kills / 4);
    stats.push(
      `ca: ${kills} kills, ${index.length} certificates in the index, ${kills - issuedInRound} kills before the response`,
    );
  } finally {
    daemon?.proc.kill('SIGKILL');
    await tearDown(p);
  }
}

// Each kill costs a node start-up (and for the CA a restart): generous on a loaded 2-core machine.
const TIMEOUT = 120_000 + TOTAL * 3_000;
const run = (kind: string): typeof test => (built && killsOf(kind) > 0 ? test : test.skip);

describe(`crash: ${TOTAL} SIGKILLs over ${KINDS.join(', ')}`, () => {
  run('commit')(`commit: ${killsOf('commit')} kills`, () => storeKind('commit'), TIMEOUT);
  run('confirmed')(`commit confirmed: ${killsOf('confirmed')} kills`, () => storeKind('confirmed'), TIMEOUT);
  run('rollback')(`rollback: ${killsOf('rollback')} kills`, () => storeKind('rollback'), TIMEOUT);
  run('daemon')(`daemon renewal: ${killsOf('daemon')} kills`, daemonKind, TIMEOUT);
  run('ca')(`CA issuance: ${killsOf('ca')} kills`, caKind, TIMEOUT);
});
