/**
 * node:util parseArgs errors in the CLI's words. Its own messages are written
 * for programmers and one of them leaves a quote open (`as in '-- "--frmat"`);
 * here an unknown option names the closest known one (HCL's "did you mean",
 * edit distance < 3, as the configuration diagnostics do).
 */
import { suggest } from '../reftree/reftree.js';

/** The message for error E of parseArgs over OPTIONS (the config's option names, without dashes). */
export function describeParseArgsError(e: unknown, options: readonly string[]): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const opt = /^Unknown option '([^']*)'/.exec(message)?.[1] ?? '';
      const name = opt.replace(/^--?/, '').replace(/=.*$/, '');
      const near = opt.startsWith('--') ? suggest(name, options) : undefined;
      return `unknown option '${opt}'` + (near !== undefined ? `; did you mean '--${near}'?` : '');
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const m = /^Option '(?:-\w, )?(--[^ ']+)( <value>)?'/.exec(message);
      if (m) return m[2] ? `option '${m[1]}' needs a value` : `option '${m[1]}' takes no value`;
      return message;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /^Unexpected argument '([^']*)'/.exec(message)?.[1];
      return arg !== undefined ? `unexpected argument '${arg}'` : message;
    }
    default:
      return message;
  }
}
