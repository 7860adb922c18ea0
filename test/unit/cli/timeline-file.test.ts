/** `pkicfg timeline --svg FILE` writes the user's file as `save` does: 0600, never through a symlink. */
import { expect, test } from '@jest/globals';
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timelineCommand } from '../../../src/cli/commands/timeline.js';
import { tempDir } from '../pki/helpers.js';
import { runCaptured } from '../../cli-io.js';

test('the picture is written 0600; a planted symlink at its name is refused and its target kept', async () => {
  const dir = tempDir();
  const state = join(dir, 'state');
  const file = join(dir, 'timeline.svg');
  const ok = await runCaptured(timelineCommand, ['--state', state, '--svg', file]);
  expect(ok).toEqual({ code: 0, out: `Timeline written to ${file}\n`, err: '' });
  expect(readFileSync(file, 'utf8')).toMatch(/^<\?xml|^<svg/);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const target = join(dir, 'precious');
  writeFileSync(target, 'keep');
  const link = join(dir, 'link.svg');
  symlinkSync(target, link);
  const r = await runCaptured(timelineCommand, ['--state', state, '--svg', link]);
  expect(r.code).toBe(2);
  expect(r.err).toBe(`pkicfg timeline: could not write '${link}': it is a symbolic link (not followed)\n`);
  expect(readFileSync(target, 'utf8')).toBe('keep');
});
