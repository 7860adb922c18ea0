/**
 * A configuration file named on the command line (`validate`, `convert`,
 * `load`, `plan`): its text, or standard input for `-`, with the name the
 * diagnostics print (`<stdin>`).
 */
import { readFile } from 'node:fs/promises';
import type { CliIO } from './run.js';

/** [the source name diagnostics print, the text]. */
export type Input = [source: string, text: string];

/** Reads FILE, or standard input for `-`. Throws on I/O errors. */
export async function readInput(file: string, io: CliIO): Promise<Input> {
  return file === '-' ? ['<stdin>', await readStdin(io)] : [file, await readFile(file, 'utf8')];
}

/** All of standard input, as UTF-8 (a shell script on stdin, `-` as a file). */
export async function readStdin(io: Pick<CliIO, 'stdin'>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
