/**
 * Reading a secret (challenge password, CMP shared secret) from somewhere
 * other than the command line, whose words any local user can read in
 * /proc/PID/cmdline or `ps`: a file (its first line), or standard input,
 * asked without echo on a terminal (as Junos asks `New ascii-text:`) and
 * read as its first line otherwise. Used by `pkicfg ca serve` and by the
 * operational commands (src/op/secret-arg.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The stdin of a process, as far as reading one line needs it. */
export interface SecretInput extends NodeJS.EventEmitter {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface SecretOutput {
  write(text: string): unknown;
}

export type SecretRead = { readonly value: string } | { readonly error: string };

/** The first line of TEXT, without its line end. */
function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

/** The secret in FILE (its first line; relative to CWD); the error names the file. */
export function readSecretFile(file: string, cwd: string): SecretRead {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    return { error: `could not read file '${file}': ${(e as NodeJS.ErrnoException).code ?? 'EIO'}` };
  }
  const value = firstLine(text);
  return value === '' ? { error: `file '${file}' holds no secret (its first line is empty)` } : { value };
}

/** Keys on a raw terminal, one line without echo; undefined on Ctrl-C or Ctrl-D. */
function askHidden(input: SecretInput, output: SecretOutput, prompt: string): Promise<string | undefined> {
  return new Promise((done) => {
    let buf = '';
    output.write(prompt);
    const finish = (v: string | undefined): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      done(v);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return finish(buf);
        if (ch === '\x03' || (ch === '\x04' && buf === '')) return finish(undefined);
        if (ch === '\x7f' || ch === '\b') buf = [...buf].slice(0, -1).join('');
        else if (ch === '\x15') buf = '';
        else if (ch >= ' ') buf += ch;
      }
    };
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
  });
}

/** The first line of a non-terminal stdin. */
function firstInputLine(input: SecretInput): Promise<string | undefined> {
  return new Promise((done) => {
    let text = '';
    const finish = (): void => {
      input.off('data', onData);
      input.off('end', finish);
      input.pause();
      done(text === '' ? undefined : firstLine(text));
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (text.includes('\n')) finish();
    };
    input.on('data', onData);
    input.on('end', finish);
    input.resume();
  });
}

/**
 * A secret from standard input: asked as PROMPT without echo on a terminal
 * (twice when CONFIRM, which must match), else the first line. The error
 * says what went wrong in words.
 */
export async function readSecretInput(
  input: SecretInput,
  output: SecretOutput,
  prompt: string,
  confirm?: string,
): Promise<SecretRead> {
  if (input.isTTY !== true || !input.setRawMode) {
    const line = await firstInputLine(input);
    return line ? { value: line } : { error: 'no secret on standard input' };
  }
  const first = await askHidden(input, output, prompt);
  if (!first) return { error: 'no secret entered' };
  if (confirm !== undefined && (await askHidden(input, output, confirm)) !== first)
    return { error: 'the secrets entered do not match' };
  return { value: first };
}
