/**
 * Golden files (prettier / Chevrotain snapshot style): `expectGolden(file, actual)`
 * compares with the stored file; a missing file is written (and the test fails in
 * CI, so goldens are always committed); UPDATE_GOLDEN=1 rewrites all. \r\n is
 * normalised.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function expectGolden(file: string, actual: string): void {
  const norm = actual.replace(/\r\n/g, '\n');
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI === 'true' && !existsSync(file)) {
      throw new Error(`golden file missing in CI: ${file}`);
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, norm);
    return;
  }
  const expected = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  expect(norm).toBe(expected);
}
