/**
 * A small reader of YANG text (RFC 7950 §6: statements are `keyword [argument]`
 * followed by `;` or a `{ ... }` block; arguments are unquoted words or quoted
 * strings joined with `+`; `//` and `/* *\/` comments). Juniper's generated
 * modules use no other syntax, so this is all the schema generator needs; it is
 * a build tool, not part of validating a configuration. Malformed input throws:
 * the generator must not write a schema from a module it misread.
 */

/** One YANG statement: `keyword arg { children }`. */
export interface YangStatement {
  readonly keyword: string;
  readonly arg: string | undefined;
  readonly children: readonly YangStatement[];
  /** 1-based line of the keyword, for generator error messages. */
  readonly line: number;
}

interface Token {
  readonly kind: 'word' | 'string' | '{' | '}' | ';' | '+';
  readonly text: string;
  readonly line: number;
}

function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`${file}:${line}: unterminated comment`);
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end + 2;
    } else if (c === '{' || c === '}' || c === ';' || c === '+') {
      out.push({ kind: c, text: c, line });
      i++;
    } else if (c === '"') {
      // RFC 7950 §6.1.3: \n \t \" \\ are the only escapes in a double-quoted string
      let s = '';
      const at = line;
      i++;
      for (;;) {
        if (i >= n) throw new Error(`${file}:${at}: unterminated string`);
        const d = text[i];
        if (d === '"') break;
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        if (d === '\n') line++;
        s += d;
        i++;
      }
      i++;
      out.push({ kind: 'string', text: s, line: at });
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`${file}:${line}: unterminated string`);
      const s = text.slice(i + 1, end);
      for (const ch of s) if (ch === '\n') line++;
      out.push({ kind: 'string', text: s, line });
      i = end + 1;
    } else {
      let j = i;
      while (j < n && !/[\s{};"']/.test(text[j])) j++;
      out.push({ kind: 'word', text: text.slice(i, j), line });
      i = j;
    }
  }
  return out;
}

/** Parses one YANG file into its top-level statements (normally one `module`). */
export function parseYang(text: string, file = '<yang>'): YangStatement[] {
  const toks = tokenize(text, file);
  let p = 0;
  const fail = (msg: string): never => {
    const t = toks[Math.min(p, toks.length - 1)];
    throw new Error(`${file}:${t?.line ?? 0}: ${msg}`);
  };
  const block = (top: boolean): YangStatement[] => {
    const out: YangStatement[] = [];
    for (;;) {
      const t = toks[p];
      if (!t) {
        if (top) return out;
        return fail('missing }');
      }
      if (t.kind === '}') {
        if (top) fail('unexpected }');
        p++;
        return out;
      }
      if (t.kind !== 'word') fail(`expected a keyword, got '${t.text}'`);
      p++;
      let arg: string | undefined;
      const a = toks[p];
      if (a && (a.kind === 'word' || a.kind === 'string')) {
        arg = a.text;
        p++;
        while (toks[p]?.kind === '+' && toks[p + 1]?.kind === 'string') {
          arg += toks[p + 1].text;
          p += 2;
        }
      }
      const e = toks[p];
      if (e?.kind === ';') {
        p++;
        out.push({ keyword: t.text, arg, children: [], line: t.line });
      } else if (e?.kind === '{') {
        p++;
        out.push({ keyword: t.text, arg, children: block(false), line: t.line });
      } else {
        fail(`expected ; or { after '${t.text}'`);
      }
    }
  };
  return block(true);
}
