// Child of lock-wait.test.ts: takes the configuration lock of the store at DIR,
// prints `held`, keeps it MS milliseconds and releases it.
import { setTimeout } from 'node:timers';
import { Store } from '../../dist/src/commit/store.js';

const [dir, ms] = process.argv.slice(2);
const r = new Store(dir).lock({ user: 'holder', terminal: 'p9' });
if (!r.ok) throw new Error('lock not free');
process.stdout.write('held\n');
setTimeout(() => r.lock.release(), Number(ms));
