// Child of lock-wait.test.ts: takes the configuration lock of the store at DIR,
// prints `held`, keeps it until SIGUSR1 (or MS milliseconds) and releases it:
// a signal, not a timer, so a loaded machine cannot make the test race it.
import { setTimeout } from 'node:timers';
import { Store } from '../../dist/src/commit/store.js';

const [dir, ms] = process.argv.slice(2);
const r = new Store(dir).lock({ user: 'holder', terminal: 'p9' });
if (!r.ok) throw new Error('lock not free');
process.stdout.write('held\n');
const release = () => {
  r.lock.release();
  process.exit(0);
};
process.on('SIGUSR1', release);
setTimeout(release, Number(ms));
