/** src/durable: the one kit of atomic writes and process liveness under every store. */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeSyncedFile } from '../../../src/durable/durable-fs.js';
import { processAlive } from '../../../src/durable/process-alive.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'pkicfg-durable-'));

describe('processAlive', () => {
  test('this process and its parent run; a reaped child does not', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(process.ppid)).toBe(true);
    const child = spawnSync(process.execPath, ['-e', '0']);
    expect(child.pid).toBeGreaterThan(0);
    expect(processAlive(child.pid!)).toBe(false);
  });

  test('a corrupt pid is no process (kill(0) and kill(-1) would signal process groups)', () => {
    for (const pid of [0, -1, -4711, NaN, 1.5, Number.MAX_VALUE]) expect(processAlive(pid)).toBe(false);
  });

  test('a process of another user (EPERM) counts as alive: its lock is never broken', () => {
    // pid 1 runs as root; as root kill(1, 0) succeeds, as anyone else it is EPERM: alive either way
    expect(processAlive(1)).toBe(true);
  });
});

describe('writeFileAtomic', () => {
  test('replaces the file whole, mode 0600 by default, and leaves no temporary file', () => {
    const d = dir();
    const f = join(d, 'HEAD');
    writeFileSync(f, 'old');
    writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['HEAD']);
    writeFileAtomic(join(d, 'key'), Buffer.from([1, 2, 3]), { mode: 0o640, durable: false });
    expect(statSync(join(d, 'key')).mode & 0o777).toBe(0o640);
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  test('a temporary file a dead process of the same pid left is overwritten, unless exclusive', () => {
    const d = dir();
    const tmp = join(d, 'x.tmp');
    writeFileSync(tmp, 'left by a killed writer, longer than what follows');
    writeFileAtomic(join(d, 'x'), 'short', { temp: tmp });
    expect(readFileSync(join(d, 'x'), 'utf8')).toBe('short');
    writeFileSync(tmp, 'again');
    expect(() => writeSyncedFile(tmp, 'y', { exclusive: true })).toThrow(/EEXIST/);
  });

  test('when the rename fails the temporary file is removed and the target kept', () => {
    const d = dir();
    const target = join(d, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), '');
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readdirSync(d)).toEqual(['target']);
  });
});
