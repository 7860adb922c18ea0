// Child of crash.test.ts: works on the state directory DIR in a loop until
// SIGKILL. It waits for a line on stdin first (node's start-up overlaps the
// previous round while the parent checks the store). KIND is what it does:
//   commit     load set + commit (the configuration's COUNTER becomes N)
//   confirmed  load set + commit confirmed 1, `mid N`, then commit check (confirms)
//   rollback   every third operation `rollback 1` + commit, otherwise as commit
//   daemon     one reconcile pass of the daemon after another (renewals over SCEP)
// Store kinds print `begin N EXPECT` (operation N will leave COUNTER = EXPECT,
// decided under the lock) and `done N`; the daemon prints `begin K` and
// `done K ok|fail`. Writes are synchronous, so every line is out before a kill.
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [kind, dir] = process.argv.slice(2);
const say = (line) => writeSync(1, `${line}\n`);
// Loaded and warmed up before `go`, so that the random kill delay falls on the work itself.
const go = () => new Promise((res) => process.stdin.once('data', res)).then(() => process.stdin.pause());

if (kind === 'daemon') {
  const { daemonPass } = await import('../../dist/src/enroll/daemon.js');
  const { systemClock } = await import('../../dist/src/enroll/clock.js');
  const { nodeHttpTransport } = await import('../../dist/src/protocols/http/transport.js');
  const { createNodeCmpTransport } = await import('../../dist/src/protocols/cmp/http-transport.js');
  await import('../../dist/src/enroll/scep-job.js');
  await import('../../dist/src/enroll/reconcile.js');
  await go();
  // 18 h ahead: every certificate the CA issues (1-day validity, renewal at 50 %)
  // is due at once, so each pass renews
  const ahead = 18 * 3600 * 1000;
  const clock = { now: () => new Date(Date.now() + ahead), sleep: systemClock.sleep };
  const deps = {
    stateDir: dir,
    clock,
    scepTransport: nodeHttpTransport(),
    cmpTransport: () => createNodeCmpTransport(),
    log: () => undefined,
  };
  for (let k = 1; ; k++) {
    say(`begin ${k}`);
    const r = await daemonPass(deps);
    say(`done ${k} ${r.ok ? 'ok' : 'fail'}`);
    // the CA may be down (it is killed in the CA rounds): do not spin
    if (!r.ok) await sleep(20);
  }
}

const { Session } = await import('../../dist/src/commit/session.js');
const { Store } = await import('../../dist/src/commit/store.js');
const { defaultLanguage } = await import('../../dist/src/commit/default-language.js');

const language = defaultLanguage();
const open = (d) => {
  const store = new Store(d);
  return {
    store,
    session: Session.open({ store, language, user: 'crash', via: 'cli', terminal: 'crash' }).value,
  };
};
// 40 more profiles make each revision a few KB: the writes take long enough to be hit
const BULK = Array.from(
  { length: 40 },
  (_, i) =>
    `set security pki ca-profile P${i} ca-identity CA-${i}\nset security pki ca-profile P${i} enrollment url http://ca${i}.example.com/scep\n`,
).join('');

function counterOf(tree) {
  const v = tree?.security?.pki?.['ca-profile']?.COUNTER?.['ca-identity'];
  return v === undefined ? 0 : Number(v);
}

/** The next operation number: one above the highest `opN` comment in the history. */
function nextOp() {
  let max = 0;
  for (const r of store.history()) {
    const m = /^op(\d+)$/.exec(r.comment ?? '');
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

function must(result, what) {
  const v = result.value;
  if (!v || v.ok === false || v.errors > 0) {
    process.stderr.write(`${what} failed: ${JSON.stringify(result)}\n`);
    process.exit(2);
  }
  return v;
}

{
  const warm = mkdtempSync(join(tmpdir(), 'pkicfg-crash-warm-'));
  const { session } = open(warm);
  must(await session.load('set', BULK, 'warm'), 'load');
  must(await session.commit({ confirmed: 1 }), 'commit');
  must(await session.commit({ check: true }), 'commit check');
  rmSync(warm, { recursive: true, force: true });
}
await go();
const { store, session } = open(dir);
for (;;) {
  const r = await session.transaction(async () => {
    const n = nextOp();
    const comment = `op${n}`;
    if (kind === 'rollback' && n % 3 === 0 && store.history().length >= 2) {
      say(`begin ${n} ${counterOf(store.rollback(1))}`);
      must(await session.rollback(1), 'rollback 1');
      must(await session.commit({ comment }), 'commit');
    } else {
      say(`begin ${n} ${n}`);
      const bulk = store.active().security === undefined ? BULK : '';
      must(
        await session.load('set', `${bulk}set security pki ca-profile COUNTER ca-identity ${n}\n`, 'crash'),
        'load',
      );
      if (kind === 'confirmed') {
        must(await session.commit({ comment, confirmed: 1 }), 'commit confirmed');
        say(`mid ${n}`);
        must(await session.commit({ check: true }), 'commit check');
      } else must(await session.commit({ comment }), 'commit');
    }
    say(`done ${n}`);
  });
  if (r.value === undefined && r.diagnostics.length) {
    process.stderr.write(`${r.diagnostics[0].message}\n`);
    process.exit(3);
  }
}
