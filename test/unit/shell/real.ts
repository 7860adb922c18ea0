// A shell on the real store (a temporary state dir, fixed clock, non-durable
// writes) and the real language; the op tree is the fake until the PKI
// framework is wired in by the caller.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLanguage } from '../../../src/commit/default-language.js';
import { openStore } from '../../../src/commit/store.js';
import type { OpPort } from '../../../src/shell/backend.js';
import { Shell } from '../../../src/shell/shell.js';
import { languagePort } from '../../../src/shell/shell-language.js';
import { StoreBackend } from '../../../src/shell/store-backend.js';
import { ScriptedIO } from './fakes.js';
import { opPort } from '../../../src/shell/op-port.js';
import { defaultOpTree } from '../../../src/op/commands.js';

const FIXED_NOW = Date.UTC(2026, 10, 27, 3, 0, 0);

export interface RealShell {
  readonly sh: Shell;
  readonly io: ScriptedIO;
  readonly dir: string;
  readonly backend: StoreBackend;
  /** Advances the fixed clock. */
  tick(ms: number): void;
  cleanup(): void;
}

export function makeRealShell(op?: OpPort | 'real'): RealShell {
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-shell-'));
  let now = FIXED_NOW;
  const store = openStore(join(dir, 'state'), { durable: false, clock: () => now });
  const backend = new StoreBackend({ store, language: defaultLanguage(), terminal: 'pts/0' });
  const io = new ScriptedIO();
  const port =
    op === 'real'
      ? opPort({
          tree: defaultOpTree(),
          stateDir: join(dir, 'state'),
          cwd: dir,
          env: {},
          interactive: false,
          activeConfig: () => store.active(),
          now: () => new Date(now),
        })
      : op;
  const sh = new Shell({
    user: 'admin',
    backend,
    language: languagePort(),
    op: port,
    io,
    hostname: 'vsrx',
    cwd: dir,
  });
  return {
    sh,
    io,
    dir,
    backend,
    tick: (ms) => void (now += ms),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
