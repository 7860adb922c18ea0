/**
 * `pkicfg store check [--state DIR]`
 *
 * Verifies the configuration store (store-check.ts): every revision's
 * manifest and chunk hashes, and that each revision's text parses. Prints one
 * line per problem and a summary; changes nothing.
 */
import { Store } from '../../commit/store.js';
import { checkStore } from '../../commit/store-check.js';
import type { CliIO } from '../run.js';
import { HELP_OPTION, STATE_OPTION, ioError, parseCommandArgs } from '../options.js';
import { stateDirOption } from '../state-dir-option.js';

export const STORE_USAGE = `usage: pkicfg store check [--state DIR]
exit status: 0 the store is whole, 1 problems found (listed), 2 usage or I/O error
`;

export async function storeCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandArgs(io, 'store', STORE_USAGE, args, {
    allowPositionals: true,
    options: { ...STATE_OPTION, ...HELP_OPTION },
  });
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'check') {
    io.stderr.write(STORE_USAGE);
    return 2;
  }
  try {
    const store = new Store(stateDirOption(parsed.values.state, io.env), { enforcePending: false });
    const r = checkStore(store);
    for (const p of r.problems) io.stdout.write(`error: ${p}\n`);
    const orphans = r.unreferenced ? `, ${r.unreferenced} unreferenced (removed by the next commit)` : '';
    io.stdout.write(
      `${r.revisions} revisions, ${r.chunks} chunks${orphans}: ${r.problems.length ? `${r.problems.length} problems` : 'store is consistent'}\n`,
    );
    return r.problems.length ? 1 : 0;
  } catch (e) {
    return ioError(io, 'store', e);
  }
}
