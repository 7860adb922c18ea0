// Child of concurrency.test.ts: worker ID makes COUNT commits against the store at
// DIR, each `load merge` + `commit` under one hold of the lock. A refusal (the lock
// is held by another worker) is retried after a short random pause; every refusal
// message is checked to be Junos's lock message. Prints `refused N` at the end.
import { setTimeout as sleep } from 'node:timers/promises';
import { Session } from '../../dist/src/commit/session.js';
import { Store } from '../../dist/src/commit/store.js';

const [dir, id, countText] = process.argv.slice(2);
const jsonLanguage = {
  parseConfig: (text) => ({ value: { tree: JSON.parse(text) }, diagnostics: [] }),
  applyCommands: (tree) => ({ value: { tree, editPath: [] }, diagnostics: [] }),
  isList: (p) => p[p.length - 1] === 'ca-profile',
  validate: () => [],
  printCurly: (t) => JSON.stringify(t),
};
const store = new Store(dir);
const session = Session.open({ store, language: jsonLanguage, user: `w${id}`, via: 'api' }).value;
let refused = 0;
const name = `P${id}`;
for (let n = 1; n <= Number(countText); n++) {
  for (;;) {
    const r = await session.transaction(async () => {
      const tree = {
        security: { pki: { 'ca-profile': { '@order': [name], [name]: { 'ca-identity': String(n) } } } },
      };
      const l = await session.load('merge', JSON.stringify(tree), 'worker');
      if (l.value.errors) throw new Error('load failed');
      const c = await session.commit({ comment: `${name}-${n}` });
      if (!c.value.ok) throw new Error(c.value.messages.join('\n'));
      return c.value.record.seq;
    });
    if (r.value !== undefined) break;
    if (
      !/^error: configuration database locked by:\n {2}w\d terminal \S+ \(pid \d+\) on since .* UTC, idle \d\d:\d\d:\d\d\n/.test(
        r.diagnostics[0].message,
      )
    ) {
      throw new Error(`unclear refusal: ${r.diagnostics[0].message}`);
    }
    refused++;
    await sleep(1 + Math.random() * 4);
  }
}
process.stdout.write(`refused ${refused}\n`);
