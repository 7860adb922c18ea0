// The one typed view of `security pki`: inactive statements count as absent at
// every level, user order is kept, Junos defaults apply, and only what is asked
// for is read.
import fc from 'fast-check';
import { NO_PROFILE, pkiView } from '../../../src/tree/pki-view.js';
import type { ConfigTree } from '../../../src/tree/config-tree.js';

const cfg = (pki: object, extra: object = {}) => ({ security: { pki }, ...extra }) as unknown as ConfigTree;
const OFF = { '@': { inactive: true } };

test('ca-profiles in user order, defaults for retry and retry-interval', () => {
  const v = pkiView(
    cfg({
      'ca-profile': {
        '@order': ['B', 'A'],
        A: { 'ca-identity': 'A', enrollment: { url: 'http://a/', retry: '3', 'retry-interval': 60 } },
        B: { 'ca-identity': 'B' },
      },
    }),
  );
  expect(v.caProfiles.map((p) => p.name)).toEqual(['B', 'A']);
  expect(v.caProfile('A')).toMatchObject({ url: 'http://a/', retry: 3, retryIntervalSec: 60 });
  expect(v.caProfile('B')).toMatchObject({ retry: 10, retryIntervalSec: 900 });
  expect(v.caProfile('B')?.url).toBeUndefined();
});

test.each([
  ['security', { security: { ...OFF, pki: { 'ca-profile': { A: { enrollment: { url: 'u' } } } } } }],
  ['pki', { security: { pki: { ...OFF, 'ca-profile': { A: { enrollment: { url: 'u' } } } } } }],
  ['the profile', { security: { pki: { 'ca-profile': { A: { ...OFF, enrollment: { url: 'u' } } } } } }],
])('an inactive %s hides the profile', (_n, tree) => {
  const v = pkiView(tree as unknown as ConfigTree);
  expect(v.caProfile('A')).toBeUndefined();
  expect(v.caProfiles).toEqual([]);
});

test('an inactive enrollment url is no url; an inactive leaf is absent', () => {
  const v = pkiView(cfg({ 'ca-profile': { A: { enrollment: { url: 'u', '@url': { inactive: true } } } } }));
  expect(v.caProfile('A')?.url).toBeUndefined();
});

test('auto-re-enrollment: every form, paths, inactive entries dropped, first entry per id takes effect', () => {
  const v = pkiView(
    cfg({
      'auto-re-enrollment': {
        scep: {
          'certificate-id': {
            s1: {
              'ca-profile-name': 'A',
              're-enroll-trigger-time-percentage': '10',
              're-generate-keypair': true,
            },
            s2: { ...OFF, 'ca-profile-name': 'A' },
          },
        },
        cmpv2: { 'certificate-id': { c1: { 'ca-profile-name': 'A', 're-enroll-time': { days: 5 } } } },
        'certificate-id': { s1: { 'ca-profile-name': 'B' }, l1: {} },
      },
    }),
  );
  expect(v.autoReEnrollment.map((r) => [r.protocol, r.certId, r.legacy])).toEqual([
    ['scep', 's1', false],
    ['cmpv2', 'c1', false],
    ['scep', 's1', true],
    ['scep', 'l1', true],
  ]);
  expect(v.renewals.map((r) => r.certId)).toEqual(['s1', 'c1', 'l1']);
  const s1 = v.renewals[0];
  expect(s1).toMatchObject({
    caProfile: 'A',
    policy: { percentage: 10 },
    regenerateKey: true,
    triggerConfigured: true,
  });
  expect(s1.path).toEqual(['security', 'pki', 'auto-re-enrollment', 'scep', 'certificate-id', 's1']);
  expect(v.renewals[1].policy).toEqual({ days: 5 });
  expect(v.renewals[2].triggerConfigured).toBe(false);
});

test('only the profile asked for is read', () => {
  const reads = new Set<string>();
  const profiles: Record<string, unknown> = {};
  for (let i = 0; i < 1000; i++) profiles[`P${i}`] = { enrollment: { url: `http://${i}/` } };
  const watched = new Proxy(profiles, {
    get(t, k) {
      if (typeof k === 'string' && !k.startsWith('@')) reads.add(k);
      return Reflect.get(t, k);
    },
  });
  const v = pkiView(cfg({ 'ca-profile': watched }));
  expect(v.caProfile('P7')?.url).toBe('http://7/');
  expect([...reads]).toEqual(['P7']);
});

test('system host-name', () => {
  expect(pkiView(cfg({}, { system: { 'host-name': 'r1' } })).hostName).toBe('r1');
  expect(pkiView(undefined).caProfiles).toEqual([]);
});

// caProfileUrl is caProfile(name)?.url without building the view (enrollment-url-required
// asks it of every auto-re-enrollment entry): it must answer as the view does, for every
// shape of inactive statement, missing level and odd name.
test('caProfileUrl answers as caProfile does (property)', () => {
  const off = fc.option(fc.constant({ inactive: true }), { nil: undefined });
  const url = fc.oneof(fc.constant(undefined), fc.constant(''), fc.constant('http://ca/'), fc.constant(8080));
  const profile = fc.record({
    meta: off,
    enrollment: fc.option(fc.record({ meta: off, url, urlMeta: off })),
  });
  const NAMES = ['A', 'B', 'constructor', '@order', '@', '__proto__'];
  const tree = fc.record({
    meta: off,
    profiles: fc.dictionary(fc.constantFrom('A', 'B', 'constructor'), profile),
  });
  fc.assert(
    fc.property(tree, ({ meta, profiles }) => {
      const list: Record<string, unknown> = { '@order': Object.keys(profiles) };
      if (meta) list['@'] = meta;
      for (const [n, p] of Object.entries(profiles)) {
        const e: Record<string, unknown> = {};
        if (p.meta) e['@'] = p.meta;
        if (p.enrollment) {
          const enr: Record<string, unknown> = {};
          if (p.enrollment.meta) enr['@'] = p.enrollment.meta;
          if (p.enrollment.url !== undefined) enr.url = p.enrollment.url;
          if (p.enrollment.urlMeta) enr['@url'] = p.enrollment.urlMeta;
          e.enrollment = enr;
        }
        list[n] = e;
      }
      const v = pkiView(cfg({ 'ca-profile': list }));
      for (const n of NAMES) {
        const view = v.caProfile(n);
        expect(v.caProfileUrl(n)).toBe(view ? view.url : NO_PROFILE);
      }
    }),
    { numRuns: 300 },
  );
});
