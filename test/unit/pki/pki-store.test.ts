import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPkiStore } from '../../../src/pki/pki-store.js';
import { generateKeyPair } from '../../../src/pki/key-pair.js';
import { openssl, snapshot, tempDir } from './helpers.js';

describe('openPkiStore', () => {
  test('stores keys 0600 in 0700 dirs, readable by openssl pkey', () => {
    const state = tempDir();
    const store = openPkiStore(state, { durable: false });
    const key = generateKeyPair({ type: 'ecdsa', size: 256 });
    const r = store.commit([
      { op: 'put', kind: 'key', id: 'k1', pem: key.pem, meta: { type: 'ecdsa', size: 256 } },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(store.list('key')).toEqual(['k1']);
    expect(store.meta('key', 'k1')).toMatchObject({ type: 'ecdsa', size: 256 });
    expect(statSync(store.path('key', 'k1')).mode & 0o777).toBe(0o600);
    expect(statSync(join(state, 'pki')).mode & 0o777).toBe(0o700);
    expect(statSync(join(state, 'pki', 'keys')).mode & 0o777).toBe(0o700);
    expect(openssl(['pkey', '-in', store.path('key', 'k1'), '-noout', '-text'])).toMatch(
      /Private-Key: \(256 bit/,
    );
  });

  test('keeps insertion order for numeric ids and deletes', () => {
    const store = openPkiStore(tempDir(), { durable: false });
    store.commit([
      { op: 'put', kind: 'request', id: 'b', pem: 'x' },
      { op: 'put', kind: 'request', id: '10', pem: 'y' },
      { op: 'put', kind: 'request', id: '2', pem: 'z' },
    ]);
    expect(store.list('request')).toEqual(['b', '10', '2']);
    store.commit([{ op: 'delete', kind: 'request', id: '10' }]);
    expect(store.list('request')).toEqual(['b', '2']);
    expect(store.readPem('request', '10')).toBeUndefined();
  });

  test('a failing commit leaves the store unchanged', () => {
    const state = tempDir();
    const store = openPkiStore(state, { durable: false });
    store.commit([{ op: 'put', kind: 'ca', id: 'A', pem: 'one' }]);
    const before = snapshot(join(state, 'pki'));
    // An id whose file cannot be created (a directory is in the way) fails while staging.
    const r = store.commit([
      { op: 'put', kind: 'ca', id: 'B', pem: 'two' },
      { op: 'put', kind: 'local', id: 'x'.repeat(300), pem: 'three' },
    ]);
    expect(r.value).toBe(false);
    expect(r.diagnostics[0].code).toBe('PKI_STORE_IO');
    expect(snapshot(join(state, 'pki'))).toEqual(before);
  });
});

test('a damaged index is reported with its path', () => {
  const state = tempDir();
  const store = openPkiStore(state, { durable: false });
  store.commit([{ op: 'put', kind: 'crl', id: 'A', pem: 'x' }]);
  writeFileSync(join(state, 'pki', 'index.json'), '{"entries": ');
  expect(() => store.list('crl')).toThrow(/PKI store index .*index\.json is unreadable/);
});
