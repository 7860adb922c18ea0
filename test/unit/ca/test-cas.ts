// Embedded CAs for tests: one that issues at once and one that queues every
// request for `pkicfg ca approve`, both on 127.0.0.1 under a fresh temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaServer, type RunningCaServer } from '../../../src/ca/serve.js';

export interface TestCas {
  /** The temp dir (the CAs' state is below it; tests may add device state dirs). */
  readonly dir: string;
  readonly auto: RunningCaServer;
  readonly manual: RunningCaServer;
}

/** Starts both CAs with the same challenge password. */
export async function startTestCas(prefix: string, challenge: string): Promise<TestCas> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const auto = await startCaServer({ stateDir: join(dir, 'ca-auto'), port: 0, challenge });
  const manual = await startCaServer({
    stateDir: join(dir, 'ca-manual'),
    port: 0,
    challenge,
    manualApproval: true,
  });
  return { dir, auto, manual };
}

/** Stops both CAs and removes the temp dir. */
export async function stopTestCas(cas: TestCas): Promise<void> {
  await cas.auto.close();
  await cas.manual.close();
  rmSync(cas.dir, { recursive: true, force: true });
}
