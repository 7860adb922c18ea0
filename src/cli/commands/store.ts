/**
 * `pkicfg store check [--state DIR]`
 *
 * Verifies the configuration store (store-check.ts): every revision's
 * manifest and chunk hashes, and that each revision's text parses. Prints one
 * line per problem and a summary; changes nothing.
 */
import { Store } from '../../commit/store.js';
import { checkStore } from '../../commit/store-check.js';
import { command } from '../command.js';
import { STATE_OPTION } from '../options.js';

export const STORE_USAGE = `usage: pkicfg store check [--state DIR]
exit status: 0 the store is whole, 1 problems found (listed), 2 usage or I/O error
`;

export const storeCommand = command(
  { name: 'store', usage: STORE_USAGE, positionals: true, options: STATE_OPTION },
  async ({ positionals }, cx) => {
    if (positionals.length !== 1 || positionals[0] !== 'check') {
      cx.io.stderr.write(STORE_USAGE);
      return 2;
    }
    const r = checkStore(new Store(cx.stateDir(), { enforcePending: false }));
    for (const p of r.problems) cx.io.stdout.write(`error: ${p}\n`);
    const orphans = r.unreferenced ? `, ${r.unreferenced} unreferenced (removed by the next commit)` : '';
    cx.io.stdout.write(
      `${r.revisions} revisions, ${r.chunks} chunks${orphans}: ${r.problems.length ? `${r.problems.length} problems` : 'store is consistent'}\n`,
    );
    return r.problems.length ? 1 : 0;
  },
);
