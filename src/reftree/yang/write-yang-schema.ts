/**
 * Writes schemas/yang/ from Juniper's published YANG (`npm run schema-yang --
 * DIR`, or PKICFG_YANG=DIR): DIR is a release's `native/conf-and-rpcs` folder
 * of a Juniper/yang checkout (e.g. `24.4/24.4R1/native/conf-and-rpcs`). The
 * junos-es `conf-with-extensions` modules are read (they carry the CLI
 * features the plain `conf` modules lack); a module whose extended copy is
 * missing or empty but whose plain copy is there (tenants 24.4R1) is read from
 * `conf/` with the extensions borrowed from the other modules
 * (borrow-extensions.ts); one missing in both is recorded as unchecked. The
 * YANG itself is never copied into the project. `--check` compares instead of
 * writing (exit 1 when the committed files differ).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { borrowExtensions, extensionDonors, type BorrowCount } from './borrow-extensions.js';
import { compileYang, moduleStem, type CompileOutput, type YangSource } from './compile-yang.js';
import { parseYang } from './parse-yang.js';
import { YANG_FAMILIES } from '../yang-schema.js';

/** The release's folder and a family (`junos-es`) -> what the generator writes for it (file name -> text). */
export function generateYangSchema(
  dir: string,
  family: string,
  log: (line: string) => void = () => {},
): Map<string, string> {
  const ext = join(dir, family, 'conf-with-extensions', 'models');
  const plain = join(dir, family, 'conf', 'models');
  const common = join(dir, 'common', 'models');
  const readable = (f: string): boolean => existsSync(f) && statSync(f).size > 0;
  const modules: YangSource[] = [];
  const unreadable: string[] = [];
  const plainOnly: string[] = [];
  const names = new Set([...readdirSync(ext), ...(existsSync(plain) ? readdirSync(plain) : [])]);
  for (const n of [...names].sort()) {
    if (!n.endsWith('.yang')) continue;
    const p = join(ext, n);
    if (readable(p)) modules.push({ name: n, text: readFileSync(p, 'utf8') });
    else if (readable(join(plain, n))) plainOnly.push(n);
    else unreadable.push(moduleStem(n.replace(/@.*$/, '')));
  }
  if (plainOnly.length) {
    const donors = extensionDonors(modules.map((m) => parseYang(m.text, m.name)[0]));
    for (const n of plainOnly) {
      const [mod] = parseYang(readFileSync(join(plain, n), 'utf8'), n);
      const count: BorrowCount = { given: 0, unmatched: 0 };
      modules.push({ name: n, text: '', statement: borrowExtensions(mod, donors, count) });
      log(
        `${n}: read from conf/, extensions borrowed for ${count.given} statements, ${count.unmatched} unmatched`,
      );
    }
  }
  const typesFile = readdirSync(common).find((n) => n.startsWith('junos-common-types'));
  if (!typesFile) throw new Error(`no junos-common-types module in ${common}`);
  const source = dir.replace(/\\/g, '/').split('/').slice(-4).join('/') + `/${family}/conf-with-extensions`;
  const out: CompileOutput = compileYang({
    modules,
    commonTypes: { name: typesFile, text: readFileSync(join(common, typesFile), 'utf8') },
    unreadable,
    source,
  });
  const files = new Map<string, string>();
  // one line per file: the output is data for the loader, not for reading
  files.set('index.json', JSON.stringify(out.index, null, 1) + '\n');
  for (const [name, f] of out.files) files.set(name, JSON.stringify(f) + '\n');
  return files;
}

/** schemas/yang/ of this checkout (from dist/src/reftree/yang or src/reftree/yang). */
function yangSchemaDir(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(d, 'schemas', 'junos.schema.json'))) return join(d, 'schemas', 'yang');
    const up = dirname(d);
    if (up === d) throw new Error('schemas/ not found');
    d = up;
  }
}

function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const dir = argv.find((a) => !a.startsWith('--')) ?? process.env.PKICFG_YANG;
  if (!dir) {
    process.stderr.write(
      'usage: npm run schema-yang -- DIR [--check]   (DIR: <release>/native/conf-and-rpcs of Juniper/yang; or PKICFG_YANG=DIR)\n',
    );
    return 2;
  }
  const base = yangSchemaDir();
  let same = true;
  let bytes = 0;
  let count = 0;
  for (const family of YANG_FAMILIES) {
    const files = generateYangSchema(dir, family, (l) => process.stderr.write(l + '\n'));
    const outDir = join(base, family);
    if (check) {
      const existing = existsSync(outDir) ? readdirSync(outDir).filter((n) => n.endsWith('.json')) : [];
      if (existing.length !== files.size) same = false;
      for (const [n, text] of files) {
        const p = join(outDir, n);
        if (!existsSync(p) || readFileSync(p, 'utf8') !== text) {
          process.stdout.write(`differs: schemas/yang/${family}/${n}\n`);
          same = false;
        }
      }
      continue;
    }
    mkdirSync(outDir, { recursive: true });
    for (const n of readdirSync(outDir)) if (n.endsWith('.json') && !files.has(n)) rmSync(join(outDir, n));
    for (const [n, text] of files) {
      writeFileSync(join(outDir, n), text);
      bytes += Buffer.byteLength(text);
      count++;
    }
  }
  if (check) return same ? 0 : 1;
  process.stdout.write(`wrote ${count} files (${(bytes / 1e6).toFixed(1)} MB) to ${base}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
