/**
 * The YANG -> schema generator (src/reftree/yang/) on a tiny module written
 * here: structure facts only (no description text), groupings shared, choices
 * flattened, typedefs of junos-common-types resolved, secrets from
 * jt:unreadable, the CLI's nokeyword feature, config false and obsolete left
 * out; and the walk of yang-schema.ts over the output.
 */
import { compileYang } from '../../../src/reftree/yang/compile-yang.js';
import { parseYang } from '../../../src/reftree/yang/parse-yang.js';
import {
  checkYangValue,
  yangRoot,
  yangStep,
  YangSchema,
  type YangState,
} from '../../../src/reftree/yang-schema.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TYPES = `module junos-common-types {
  namespace "http://yang.juniper.net/junos/common/types"; prefix jt;
  typedef unreadable { type string { length "1 .. 1024"; } }
  typedef ipv4addr { type string; }
}`;

const MODULE = `module junos-es-conf-demo {
  namespace "http://yang.juniper.net/junos-es/conf/demo"; prefix jc-demo;
  import junos-common-types { prefix jt; }
  revision 2024-01-01 { description "Junos: 99.1R1.1"; }
  augment /jc:configuration {
    container demo {
      description "Words Juniper wrote, not to be copied";
      uses apply-advanced;
      list peer {
        key name;
        ordered-by user;
        leaf name { type jt:ipv4addr; }
        leaf hold-time { type uint16 { range "3 .. 65535"; } }
        leaf secret { type jt:unreadable; }
        leaf state { config false; type string; }
        choice mode { case a { leaf passive { type empty; } } case b { leaf active { type empty; } } }
        leaf old { status obsolete; type string; }
        leaf color { mandatory true; type enumeration { enum red; enum green; } }
      }
      list unit { key name; junos:cli-feature "nokeyword"; leaf name { type uint8; } }
    }
  }
  grouping apply-advanced { leaf-list apply-groups { type string; } }
}`;

function compiled() {
  return compileYang({
    modules: [{ name: 'junos-es-conf-demo@2024-01-01.yang', text: MODULE }],
    commonTypes: { name: 'junos-common-types@2024-01-01.yang', text: TYPES },
    source: 'test',
  });
}

test('parseYang reads statements, quoted and concatenated arguments, comments', () => {
  const [m] = parseYang('module m { // c\n description "a" + \'b\'; /* x */ leaf x { type string; } }');
  expect(m.keyword).toBe('module');
  expect(m.children.map((c) => [c.keyword, c.arg])).toEqual([
    ['description', 'ab'],
    ['leaf', 'x'],
  ]);
  expect(() => parseYang('module m { leaf x { type string; }')).toThrow(/missing }/);
});

test('the generator keeps structure facts only', () => {
  const out = compiled();
  expect(out.index.release).toBe('99.1R1.1');
  expect(out.index.tops).toEqual({ demo: 'demo.json' });
  const file = out.files.get('demo.json')!;
  const text = JSON.stringify(file);
  expect(text).not.toContain('Words Juniper wrote');
  const demo = file.tops.demo;
  expect(demo.u).toEqual(['apply-advanced']);
  const peer = demo.c!.peer;
  expect(peer).toMatchObject({ k: 'l', key: ['name'], ob: 1 });
  expect(Object.keys(peer.c!)).toEqual(['name', 'hold-time', 'secret', 'passive', 'active', 'color']);
  expect(peer.c!.secret.sec).toBe(1);
  expect(peer.c!.color.man).toBe(1);
  expect(file.types[peer.c!['hold-time'].t!]).toEqual({ b: 'uint16', r: '3 .. 65535' });
  expect(file.types[peer.c!.name.t!]).toEqual({ b: 'string', n: 'ipv4addr' });
  expect(demo.c!.unit).toMatchObject({ k: 'l', nk: 1 });
  // deterministic: the same input gives the same bytes
  expect(JSON.stringify(compiled().files.get('demo.json'))).toBe(text);
});

test('the walk over the generated schema', () => {
  const out = compiled();
  const file = out.files.get('demo.json')!;
  // the loader reads the file from disk, as from schemas/yang/junos-es/
  const dir = mkdtempSync(join(tmpdir(), 'pkicfg-yang-'));
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(file));
  const schema = new YangSchema('junos-es', out.index, dir);
  const walk = (words: string[]): YangState | string => {
    let st: YangState = yangRoot(schema);
    for (const w of words) {
      const r = yangStep(st, w);
      if (!r.ok) return `no ${w}`;
      st = r.state;
    }
    return st.s;
  };
  expect(walk(['demo', 'peer', '10.0.0.1', 'passive'])).toBe('scope');
  expect(walk(['demo', 'peer', '10.0.0.1', 'pasive'])).toBe('no pasive');
  expect(walk(['demo', 'peer', '10.0.0.1', 'state'])).toBe('no state');
  expect(walk(['demo', 'peer', '10.0.0.1', 'old'])).toBe('no old');
  // a nokeyword list: the entry name stands alone
  expect(walk(['demo', '7'])).toBe('scope');
  expect(walk(['demo', 'peer', '10.0.0.1', 'hold-time'])).toBe('value');
  const t = file.types[file.tops.demo.c!.peer.c!['hold-time'].t!];
  expect(checkYangValue(file, t, '2')).toEqual({
    code: 'VALUE_OUT_OF_RANGE',
    message: 'Value 2 is not within range (3..65535)',
  });
  expect(checkYangValue(file, t, '90')).toBeUndefined();
});

test('a mandatory choice stops the generator (flattened, its constraint would be lost)', () => {
  const text = MODULE.replace('choice mode {', 'choice mode { mandatory true;');
  expect(() =>
    compileYang({
      modules: [{ name: 'junos-es-conf-demo@2024-01-01.yang', text }],
      commonTypes: { name: 'junos-common-types@2024-01-01.yang', text: TYPES },
      source: 'test',
    }),
  ).toThrow(/mandatory choice is not supported/);
});
