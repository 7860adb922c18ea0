// One trivial check per core dependency: proves the ESM/jest wiring loads each of them.
import { createToken, Lexer } from 'chevrotain';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import fc from 'fast-check';

describe('dependencies load under ESM', () => {
  test('chevrotain lexes', () => {
    const W = createToken({ name: 'W', pattern: /[a-z]+/ });
    const S = createToken({ name: 'S', pattern: / +/, group: Lexer.SKIPPED });
    expect(
      new Lexer([W, S], { positionTracking: 'onlyOffset' })
        .tokenize('set security')
        .tokens.map((t) => t.image),
    ).toEqual(['set', 'security']);
  });
  test('ajv validates', () => {
    const v = new Ajv().compile({ type: 'object', required: ['a'] });
    expect(v({ a: 1 })).toBe(true);
    expect(v({})).toBe(false);
  });
  test('yaml parses', () => expect(parseYaml('a: 1')).toEqual({ a: 1 }));
  test('asn1js and pkijs decode', () => {
    const int = new asn1js.Integer({ value: 5 });
    const back = asn1js.fromBER(int.toBER());
    expect((back.result as asn1js.Integer).valueBlock.valueDec).toBe(5);
    expect(typeof pkijs.Certificate).toBe('function');
  });
  test('fast-check runs', () => fc.assert(fc.property(fc.integer(), (n) => n + 0 === n)));
});
