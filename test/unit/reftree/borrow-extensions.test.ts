/**
 * A module published only in Juniper's plain `conf/` form (tenants 24.4R1: its
 * extended copy is missing) gets its `junos:` CLI features from the other
 * extended modules (src/reftree/yang/borrow-extensions.ts), so the CLI
 * spelling `tenants T interfaces ge-0/0/0 ...` is walked like `interfaces
 * ge-0/0/0 ...`; and the generator reads such a module from `conf/` instead of
 * recording it as unchecked. Tiny modules written here stand for the release.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { borrowExtensions, extensionDonors } from '../../../src/reftree/yang/borrow-extensions.js';
import { parseYang, type YangStatement } from '../../../src/reftree/yang/parse-yang.js';
import { generateYangSchema } from '../../../src/reftree/yang/write-yang-schema.js';
import { yangRoot, yangStep, YangSchema, type YangState } from '../../../src/reftree/yang-schema.js';
import type { YangFile, YangIndex } from '../../../src/reftree/yang-format.js';

const TYPES = `module junos-common-types { prefix jt; typedef ipv4addr { type string; } }`;

/** The extended interfaces module: `interfaces <name> unit <n> family inet`, `traceoptions file <name>`. */
const INTERFACES = `module junos-es-conf-interfaces {
  prefix jc-interfaces;
  revision 2024-01-01 { description "Junos: 99.1R1.1"; }
  augment /jc:configuration { uses interfaces-group; }
  grouping interfaces-group {
    container interfaces {
      list interface { key name; junos:cli-feature "nokeyword"; uses interfaces_type; }
      container traceoptions {
        container file { junos:cli-feature "oneliner"; leaf filename { junos:cli-feature "nokeyword"; type string; } leaf size { type uint32; } }
      }
    }
  }
  grouping interfaces_type {
    leaf name { junos:cli-feature "nokeyword"; type string; }
    list unit { key name; leaf name { type uint16; } container family { container inet { presence "x"; } } }
  }
}`;

/** The plain tenants module: no `junos:` statement; one grouping shared, one (juniper-tenant) its own. */
const TENANTS = `module junos-es-conf-tenants {
  prefix jc-tenants;
  revision 2024-01-01 { description "Junos: 99.1R1.1"; }
  augment /jc:configuration { uses tenants-group; }
  grouping tenants-group { list tenants { key name; uses juniper-tenant; } }
  grouping juniper-tenant {
    leaf name { type string; }
    container interfaces {
      list interface { key name; uses interfaces_type; }
      container traceoptions { container file { leaf filename { type string; } leaf size { type uint32; } } }
    }
  }
  grouping interfaces_type {
    leaf name { type string; }
    list unit { key name; leaf name { type uint16; } container family { container inet { presence "x"; } } }
  }
}`;

const mod = (text: string): YangStatement => parseYang(text)[0];
const find = (s: YangStatement, ...path: string[]): YangStatement => {
  let cur = s;
  for (const p of path) {
    const [kw, arg] = p.split(' ');
    const next = cur.children.find((c) => c.keyword === kw && c.arg === arg);
    if (!next) throw new Error(`no ${p} under ${cur.keyword} ${cur.arg}`);
    cur = next;
  }
  return cur;
};
const features = (s: YangStatement): string[] =>
  s.children.filter((c) => c.keyword.startsWith('junos:')).map((c) => `${c.keyword} ${c.arg}`);

test('a shared grouping gets its extensions by its own path, a module-only one by the path inside it', () => {
  const count = { given: 0, unmatched: 0 };
  const out = borrowExtensions(mod(TENANTS), extensionDonors([mod(INTERFACES)]), count);
  // interfaces_type exists in the donor: matched whole
  expect(features(find(out, 'grouping interfaces_type', 'leaf name'))).toEqual([
    'junos:cli-feature nokeyword',
  ]);
  // juniper-tenant does not: `container interfaces/list interface` is interfaces-group's
  const tenant = find(out, 'grouping juniper-tenant');
  expect(features(find(tenant, 'container interfaces', 'list interface'))).toEqual([
    'junos:cli-feature nokeyword',
  ]);
  expect(features(find(tenant, 'container interfaces', 'container traceoptions', 'container file'))).toEqual([
    'junos:cli-feature oneliner',
  ]);
  expect(
    features(
      find(tenant, 'container interfaces', 'container traceoptions', 'container file', 'leaf filename'),
    ),
  ).toEqual(['junos:cli-feature nokeyword']);
  // what no donor has gets nothing
  expect(features(find(out, 'grouping tenants-group', 'list tenants'))).toEqual([]);
  expect(count.given).toBeGreaterThanOrEqual(5);
});

test('donors that disagree: most of them win', () => {
  const a = (f: string): string =>
    `module m${f} { prefix p; grouping g${f} { container x { leaf file { ${f === 'c' ? '' : 'junos:cli-feature "nokeyword";'} type string; } } } }`;
  const donors = extensionDonors([mod(a('a')), mod(a('b')), mod(a('c'))]);
  const out = borrowExtensions(
    mod(`module t { prefix t; grouping own { container x { leaf file { type string; } } } }`),
    donors,
  );
  expect(features(find(out, 'grouping own', 'container x', 'leaf file'))).toEqual([
    'junos:cli-feature nokeyword',
  ]);
});

/** A release folder as Juniper publishes it, with the extended tenants module empty (absent from the mirror). */
function release(): string {
  const dir = mkdtempSync(join(tmpdir(), 'yang-release-'));
  const ext = join(dir, 'junos-es', 'conf-with-extensions', 'models');
  const plain = join(dir, 'junos-es', 'conf', 'models');
  const common = join(dir, 'common', 'models');
  for (const d of [ext, plain, common]) mkdirSync(d, { recursive: true });
  writeFileSync(join(common, 'junos-common-types@2024-01-01.yang'), TYPES);
  writeFileSync(join(ext, 'junos-es-conf-interfaces@2024-01-01.yang'), INTERFACES);
  writeFileSync(
    join(plain, 'junos-es-conf-interfaces@2024-01-01.yang'),
    INTERFACES.replace(/junos:[^;]*;/g, ''),
  );
  writeFileSync(join(ext, 'junos-es-conf-tenants@2024-01-01.yang'), '');
  writeFileSync(join(plain, 'junos-es-conf-tenants@2024-01-01.yang'), TENANTS);
  writeFileSync(join(ext, 'junos-es-conf-logical-systems@2024-01-01.yang'), '');
  return dir;
}

test('the generator reads a module missing from conf-with-extensions from conf/, with borrowed extensions', () => {
  const lines: string[] = [];
  const files = generateYangSchema(release(), 'junos-es', (l) => lines.push(l));
  const index = JSON.parse(files.get('index.json')!) as YangIndex;
  expect(index.tops.tenants).toBe('tenants.json');
  // a module missing in both forms stays unchecked
  expect(index.unchecked).toEqual(['logical-systems']);
  expect(lines.join('\n')).toMatch(
    /tenants@2024-01-01\.yang: read from conf\/, extensions borrowed for \d+ statements/,
  );
  const out = mkdtempSync(join(tmpdir(), 'yang-out-'));
  for (const [n, t] of files) writeFileSync(join(out, n), t);
  const schema = new YangSchema('junos-es', index, out);
  const walk = (words: string): YangState | string => {
    let st: YangState = yangRoot(schema);
    for (const w of words.split(' ')) {
      const r = yangStep(st, w);
      if (!r.ok) return `${w}: ${r.candidates.join(' ')}`;
      st = r.state;
    }
    return st;
  };
  // the nokeyword list: no `interface` keyword between `interfaces` and the name
  expect(typeof walk('tenants TN1 interfaces ge-0/0/1 unit 0 family inet')).toBe('object');
  expect(typeof walk('tenants TN1 interfaces traceoptions file ifd.log size 10')).toBe('object');
  expect(walk('tenants TN1 interfaces ge-0/0/1 unit 0 famly inet')).toBe('famly: family');
  const file = JSON.parse(files.get('tenants.json')!) as YangFile;
  expect(JSON.stringify(file)).not.toContain('junos:');
});
