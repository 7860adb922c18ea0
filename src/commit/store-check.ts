/**
 * `pkicfg store check`: verify the configuration store without changing it.
 * HEAD must parse and name a revision; every revision file is checked: a
 * manifest's own checksum, every chunk it names present with the SHA-256 its
 * name says, and the whole revision parsed from its text (not from derived
 * caches); revisions of the older layouts (`<seq>.conf`, `<seq>.json`) are
 * parsed too; history lines must parse. Chunks no revision names are counted
 * (the next commit removes them), not a problem.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chunkHash } from './chunk-files.js';
import { parseManifest } from './chunked-revision.js';
import { CURLY_CODEC, curlyFormatOf, decodeConfig } from './config-codec.js';
import { parseConfig } from '../syntax/parse-config.js';
import type { Store } from './store.js';

export interface StoreCheckReport {
  /** One sentence per problem, naming the file. */
  readonly problems: readonly string[];
  readonly revisions: number;
  readonly chunks: number;
  readonly unreferenced: number;
}

export function checkStore(store: Store): StoreCheckReport {
  const problems: string[] = [];
  const revDir = join(store.configDir, 'revisions');
  let head = 0;
  try {
    head = store.head().seq;
  } catch (e) {
    problems.push(`${join(store.configDir, 'HEAD')}: unreadable (${(e as Error).message})`);
  }
  const used = new Set<string>();
  const ok = new Map<string, boolean>();
  const seqs = new Set<number>();
  let revisions = 0;
  for (const name of readdirSync(revDir).sort((a, b) => parseInt(a) - parseInt(b))) {
    const m = /^(\d+)\.(manifest|conf|json)$/.exec(name);
    if (!m) continue;
    const file = join(revDir, name);
    const seq = Number(m[1]);
    if (m[2] === 'conf' || m[2] === 'json') {
      if (m[2] === 'json' && seqs.has(seq)) continue;
      try {
        const text = readFileSync(file, 'utf8');
        if (m[2] === 'json') decodeConfig(text, file);
        else if (curlyFormatOf(text) === 2) CURLY_CODEC.parse(text, file);
        else continue; // a format-1 side copy: the .json beside it is the record
        seqs.add(seq);
        revisions++;
      } catch (e) {
        problems.push(`revision ${seq}: ${(e as Error).message}`);
      }
      continue;
    }
    revisions++;
    seqs.add(seq);
    checkChunked(store, seq, file, { used, ok, problems });
  }
  if (head > 0 && !seqs.has(head)) problems.push(`HEAD names revision ${head}, which is missing`);
  try {
    const text = readFileSync(join(store.configDir, 'history.jsonl'), 'utf8');
    text.split('\n').forEach((line, i) => {
      if (line === '') return;
      try {
        JSON.parse(line);
      } catch {
        problems.push(`history.jsonl:${i + 1}: not a JSON record`);
      }
    });
  } catch {
    /* no history yet */
  }
  let chunks = 0;
  let unreferenced = 0;
  for (const name of readdirSync(store.chunks.dir)) {
    const m = /^([0-9a-f]{64})\.conf$/.exec(name);
    if (!m) continue;
    chunks++;
    if (!used.has(m[1])) unreferenced++;
  }
  return { problems, revisions, chunks, unreferenced };
}

/** Chunk hashes seen (named by a manifest) and found whole, and the problems found. */
interface CheckState {
  readonly used: Set<string>;
  readonly ok: Map<string, boolean>;
  readonly problems: string[];
}

/** Checks the chunked revision SEQ (manifest FILE): its chunks present and whole, its text parsing. */
function checkChunked(store: Store, seq: number, file: string, st: CheckState): void {
  const { used, ok, problems } = st;
  let lines;
  try {
    lines = parseManifest(readFileSync(file, 'utf8'), file);
  } catch (e) {
    problems.push(`revision ${seq}: ${(e as Error).message}`);
    return;
  }
  const texts: string[] = [];
  let whole = true;
  for (const l of lines) {
    used.add(l.hash);
    let text: string | undefined;
    try {
      text = readFileSync(store.chunks.file(l.hash), 'utf8');
    } catch {
      problems.push(`revision ${seq}: chunk ${l.hash} is missing (${store.chunks.file(l.hash)})`);
    }
    if (text !== undefined && !ok.has(l.hash)) ok.set(l.hash, chunkHash(text) === l.hash);
    if (text !== undefined && ok.get(l.hash) === false)
      problems.push(`revision ${seq}: chunk ${l.hash} is damaged (its SHA-256 does not match its name)`);
    if (text === undefined || ok.get(l.hash) === false) whole = false;
    else texts.push(text);
  }
  if (whole) {
    const r = parseConfig(texts.join(''), file, { format: 'curly' });
    const err = r.diagnostics.find((d) => d.severity === 'error');
    if (err) problems.push(`revision ${seq}: its text does not parse: ${err.message}`);
  }
}
