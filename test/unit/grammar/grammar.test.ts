import { Lexer } from 'chevrotain';
import { K, lex, toTokens, unquote } from '../../../grammar/lexer.js';
import { parseCommandTokens, parseCurlyTokens } from '../../../grammar/parser.js';
import { ALL_TOKENS } from '../../../grammar/tokens.js';

const SAMPLE = `## Last changed: 2024-01-01
version 18.2R1.9;
security {
    pki {
        /* issuing CA */
        inactive: ca-profile "CA 1" {
            ca-identity CN=a,O=b;
            enrollment { url http://ca.example.com/scep/pkiclient.exe; }
        }
        trusted-ca-group G { ca-profiles [ a "b c" ]; }
    }
}
interfaces { ge-0/0/0 { unit 0 { family inet6 { address 2001:db8::1/64; } } } }
set security pki ca-profile set ca-identity "x \\" y"  # comment
`;

describe('scanner', () => {
  test('agrees with the Chevrotain lexer built from tokens.ts', () => {
    const ref = new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset' }).tokenize(SAMPLE);
    expect(ref.errors).toEqual([]);
    const mine = toTokens(SAMPLE, lex(SAMPLE));
    expect(mine.map((t) => [t.tokenType.name, t.image, t.startOffset])).toEqual(
      ref.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]),
    );
  });

  test('words include URLs, IPv6, DNs, $9$, *', () => {
    const t = 'url http://a/b?c=d 2001:db8::1/64 CN=a,O=b $9$abc * <*>';
    const l = lex(t);
    expect(l.kinds.every((k) => k === K.Word)).toBe(true);
    expect(l.kinds.length).toBe(7);
  });

  test('unterminated string and comment are errors with offsets, not exceptions', () => {
    expect(lex('a "b c\nd', 0, 8, true).errors).toEqual([{ code: 'UNTERMINATED_STRING', start: 2, end: 6 }]);
    expect(lex('a /* b').errors[0].code).toBe('UNTERMINATED_COMMENT');
    expect(unquote('"a \\" b"')).toBe('a " b');
    expect(unquote('"a\\\\"')).toBe('a\\');
  });
});

describe('parser', () => {
  test('parses the curly sample without errors', () => {
    const out = parseCurlyTokens(toTokens(SAMPLE, lex(SAMPLE.split('set security')[0])));
    expect(out.errors).toEqual([]);
  });

  test('reports every error and recovers', () => {
    const text = 'a { b c }\nd { e; }\nf { g { h; }\n';
    const out = parseCurlyTokens(toTokens(text, lex(text)));
    expect(out.errors.length).toBeGreaterThanOrEqual(2);
  });

  test('command line: verbs are keywords only at the start', () => {
    const ok = parseCommandTokens(toTokens('set a set delete', lex('set a set delete')));
    expect(ok.errors).toEqual([]);
    const bad = parseCommandTokens(toTokens('show security pki', lex('show security pki')));
    expect(bad.errors.length).toBe(1);
  });
});
