/**
 * Text that came from the network (a SCEP transactionID, a CSR subject, a
 * decoder's message about a hostile request), made safe to put on one log or
 * terminal line: control characters, C1 controls, line separators and bidi
 * overrides become `\xNN` / `\uNNNN` escapes (so a peer can neither forge a
 * log line nor send terminal escape sequences), a backslash is doubled so the
 * escaping is unambiguous, and the value is cut to a length cap.
 */

/** Default cap in characters: longer than any legitimate transactionID, subject or reason. */
const UNTRUSTED_TEXT_MAX = 256;

// C0, DEL, C1, U+2028/2029 (JS line breaks), bidi embedding/override/isolate controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  if (c === '\\') return '\\\\';
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** VALUE escaped for one log line and cut to MAX characters (the cut says how much was left out). */
export function untrustedText(value: string, max = UNTRUSTED_TEXT_MAX): string {
  const cut = value.length > max ? value.slice(0, max) : value;
  const escaped = cut.replace(UNSAFE, escapeChar);
  return value.length > max ? `${escaped}...(${value.length - max} more)` : escaped;
}

/**
 * The last line of defence for a whole log line built by code: any control
 * character left (a value someone forgot to pass through untrustedText) is
 * escaped, so one call of a log function is one line. Backslashes are kept.
 */
export function oneLogLine(line: string): string {
  return line.replace(UNSAFE, (c) => (c === '\\' ? c : escapeChar(c)));
}
