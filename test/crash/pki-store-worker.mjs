// Child of pki-store-crash.test.ts: replaces PKI store entries in a loop until killed.
// Every generation n rewrites keys k1/k2, ca A, local L (and puts or deletes request D)
// in ONE commit (fsync only with argv[3] `durable`: SIGKILL keeps the page cache); it prints `begin n` before and `done n` after each commit.
import { openPkiStore } from '../../dist/src/pki/pki-store.js';

const dir = process.argv[2];
const durable = process.argv[3] === 'durable';
// Node's start-up overlaps the previous round: wait for `go` on stdin.
await new Promise((res) => process.stdin.once('data', res));
process.stdin.pause();
const store = openPkiStore(dir, { durable });
const start = Number(store.meta('local', 'L')?.gen ?? 0) + 1;
const body = (id, n) =>
  `-----BEGIN TEST-----\n${id} generation ${n}\n${'x'.repeat(64 + (n % 7) * 500)}\n-----END TEST-----\n`;
for (let n = start; ; n++) {
  const changes = [
    { op: 'put', kind: 'key', id: 'k1', pem: body('k1', n), meta: { gen: n } },
    { op: 'put', kind: 'key', id: 'k2', pem: body('k2', n), meta: { gen: n } },
    { op: 'put', kind: 'ca', id: 'A', pem: body('A', n), meta: { gen: n } },
    n % 2 === 0
      ? { op: 'put', kind: 'request', id: 'D', pem: body('D', n), meta: { gen: n } }
      : { op: 'delete', kind: 'request', id: 'D' },
    { op: 'put', kind: 'local', id: 'L', pem: body('L', n), meta: { gen: n } },
  ];
  process.stdout.write(`begin ${n}\n`);
  const r = store.commit(changes);
  if (!r.value) {
    process.stderr.write(`commit failed: ${JSON.stringify(r.diagnostics)}\n`);
    process.exit(2);
  }
  process.stdout.write(`done ${n}\n`);
}
