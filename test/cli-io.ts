/**
 * A CliIO whose stdout and stderr are captured, for tests that call `pkicfg`
 * commands in-process (the one copy of what several test files wrote by hand).
 */
import { PassThrough } from 'node:stream';
import type { CliIO } from '../src/cli/run.js';

export interface CapturedIo {
  readonly io: CliIO;
  out(): string;
  err(): string;
}

/** What the command reads (STDIN text, ENV) and any other CliIO field (clock, signal). */
export type CaptureOptions = { stdin?: string; env?: NodeJS.ProcessEnv } & Omit<
  Partial<CliIO>,
  'stdin' | 'env'
>;

/** Streams that collect what a command prints. */
export function capturedIo(opts: CaptureOptions = {}): CapturedIo {
  const { stdin: input, env, ...rest } = opts;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdin.end(input ?? '');
  return { io: { stdout, stderr, stdin, env: env ?? {}, ...rest }, out: () => out, err: () => err };
}

/** Runs a command handler with captured output: exit status, stdout, stderr. */
export async function runCaptured(
  cmd: (args: readonly string[], io: CliIO) => Promise<number>,
  args: readonly string[],
  opts: CaptureOptions = {},
): Promise<{ code: number; out: string; err: string }> {
  const c = capturedIo(opts);
  const code = await cmd(args, c.io);
  return { code, out: c.out(), err: c.err() };
}
