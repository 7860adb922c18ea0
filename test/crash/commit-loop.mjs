// Child of crash.test.ts: waits for START on stdin (so the parent can start the
// next child while it checks the store), then commits forever (counter START,
// START+1, ...) into the store at DIR with real fsyncs, printing `begin N` before
// and `done N` after each commit (synchronous writes, seen before a SIGKILL).
import { writeSync } from 'node:fs';
import { Store } from '../../dist/src/commit/store.js';

const [dir] = process.argv.slice(2);
const startText = await new Promise((res) => process.stdin.once('data', (d) => res(String(d).trim())));
writeSync(1, 'ready\n');
const store = new Store(dir);
const bulk = {};
for (let i = 0; i < 40; i++)
  bulk[`P${i}`] = { 'ca-identity': `CA-${i}`, enrollment: { url: `http://ca${i}.example.com/scep` } };
const tree = (n) => ({
  security: {
    pki: {
      'ca-profile': {
        '@order': ['COUNTER', ...Object.keys(bulk)],
        COUNTER: { 'ca-identity': String(n) },
        ...bulk,
      },
    },
  },
});
for (let n = Number(startText); ; n++) {
  const r = store.lock({ waitMs: 10_000 });
  if (!r.ok) process.exit(3);
  try {
    store.recover();
    writeSync(1, `begin ${n}\n`);
    store.commit(tree(n), {
      user: 'crash',
      via: 'api',
      comment: `c${n}`,
      confirmedMinutes: n % 5 === 0 ? 60 : undefined,
    });
    writeSync(1, `done ${n}\n`);
  } finally {
    r.lock.release();
  }
}
