// Runs a transcript: every line that starts with a prompt (`user@host> ` or
// `user@host# `) is typed; a line ending in `?` shows the `?` listing; answers
// to `[yes,no]` questions are taken from the transcript. Returns what the
// screen shows, in the same format, for comparison with the golden file.
import type { Shell } from '../../../src/shell/shell.js';
import type { ScriptedIO } from './fakes.js';

const PROMPT = /^\S+@\S+[>#] /;

export function transcriptInputs(text: string): { lines: string[]; answers: string[] } {
  const lines: string[] = [];
  const answers: string[] = [];
  for (const l of text.split('\n')) {
    if (PROMPT.test(l)) lines.push(l.replace(PROMPT, ''));
    const m = /\[yes,no\] \((?:yes|no)\) (\S*)$/.exec(l);
    if (m) answers.push(m[1]);
  }
  return { lines, answers };
}

export async function runTranscript(
  sh: Shell,
  io: ScriptedIO,
  lines: readonly string[],
  answers: readonly string[] = [],
): Promise<string> {
  io.answers = [...answers];
  let out = '';
  for (const line of lines) {
    const prompt = sh.prompt();
    io.printed = '';
    if (line.endsWith('?')) {
      out += `${prompt}${line}\n${sh.help(line.slice(0, -1))}`;
    } else {
      const r = await sh.execute(line);
      out += `${prompt}${line}\n${io.printed}${r.text}`;
    }
    if (sh.mode === 'config') out += `\n${sh.banner()}`;
  }
  return out;
}
