/**
 * A revision as a manifest of content-addressed chunks (store format 3).
 *
 * `revisions/<seq>.manifest` lists, one line each and in order, the chunks whose
 * concatenation is the revision's curly text (`show configuration`):
 *
 *   ## pkicfg revision: the chunks/<sha256>.conf below, in order, are its text
 *   <sha256>                          a stretch of the frame (print-pieces.ts)
 *   <sha256> security pki ca-profile  a run of entries of that big list
 *   ## manifest-sha256 <sha256 of the lines above>
 *   ## pkicfg-store-format 3
 *
 * so `grep -v '^#' M | cut -d' ' -f1 | sed 's|.*|chunks/&.conf|' | xargs cat`
 * prints it. Reading parses the frame once and each run of entries at its
 * list's path, memoized per chunk hash for the life of the process (chunks
 * are immutable): a revision that differs from one read before costs its
 * changed chunks and the assembly, and shares every unchanged entry object.
 */
import { InternalError } from '../diag/diagnostic.js';
import { parseConfig } from '../syntax/parse-config.js';
import { printCurlyPieces, type EntryRun } from '../syntax/print-pieces.js';
import { ORDER_KEY, type ConfigObject, type ConfigTree, deepFreeze } from '../tree/config-tree.js';
import { EMPTY_TREE } from '../tree/config-tree.js';
import { deleteAt, getAt, isObject, setAt } from '../tree/tree-ops.js';
import { ChunkError, chunkHash, type ChunkFiles } from './chunk-files.js';
import { sharedStringify } from './config-codec.js';

const MANIFEST_FORMAT = 3;
const MANIFEST_FOOTER = `## pkicfg-store-format ${MANIFEST_FORMAT}`;
const MANIFEST_HEAD = '## pkicfg revision: the chunks/<sha256>.conf below, in order, are its text';

export interface ManifestLine {
  readonly hash: string;
  /** For a run of entries: the path of its list. */
  readonly path?: readonly string[];
}

export interface NewChunk {
  readonly hash: string;
  readonly content: string;
  readonly run?: EntryRun;
}

const runHash = new WeakMap<EntryRun, string>();

/** The manifest lines of a tree and the chunks they name (hashing only runs not hashed before). */
export function revisionChunks(tree: ConfigTree): { lines: ManifestLine[]; chunks: NewChunk[] } {
  const lines: ManifestLine[] = [];
  const chunks: NewChunk[] = [];
  for (const p of printCurlyPieces(tree)) {
    if (p.kind === 'text') {
      const content = `${p.text}\n`;
      const hash = chunkHash(content);
      lines.push({ hash });
      chunks.push({ hash, content });
    } else {
      const content = `${p.text}\n`;
      let hash = runHash.get(p.run);
      if (hash === undefined) {
        hash = chunkHash(content);
        runHash.set(p.run, hash);
      }
      lines.push({ hash, path: p.path });
      chunks.push({ hash, content, run: p.run });
      rememberRun(hash, { names: p.run.names, entries: p.run.entries });
    }
  }
  rememberFrame(frameKey(lines), frameOf(tree, lines));
  return { lines, chunks };
}

/** The tree without its big lists: what parsing the frame text gives. */
function frameOf(tree: ConfigTree, lines: readonly ManifestLine[]): ConfigTree {
  let t = tree;
  const seen = new Set<string>();
  for (const l of lines)
    if (l.path && !seen.has(l.path.join(' '))) {
      seen.add(l.path.join(' '));
      t = deleteAt(t, l.path);
    }
  return t;
}

export function printManifest(lines: readonly ManifestLine[]): string {
  const body = lines.map((l) => (l.path ? `${l.hash} ${l.path.join(' ')}\n` : `${l.hash}\n`)).join('');
  const head = `${MANIFEST_HEAD}\n${body}`;
  return `${head}## manifest-sha256 ${chunkHash(head)}\n${MANIFEST_FOOTER}\n`;
}

/** The lines of a manifest; InternalError when it is damaged. */
export function parseManifest(text: string, file: string): ManifestLine[] {
  const m = /\n## manifest-sha256 ([0-9a-f]{64})\n## pkicfg-store-format (\d+)\n$/.exec(text);
  if (!m) throw new InternalError(`${file}: damaged manifest (no checksum and format footer)`);
  if (Number(m[2]) !== MANIFEST_FORMAT) throw new InternalError(`${file}: unknown store format ${m[2]}`);
  const head = text.slice(0, m.index + 1);
  if (chunkHash(head) !== m[1]) throw new InternalError(`${file}: damaged manifest (checksum mismatch)`);
  const lines: ManifestLine[] = [];
  for (const line of head.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [hash, ...path] = line.split(' ');
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new InternalError(`${file}: damaged manifest line '${line}'`);
    lines.push(path.length ? { hash, path } : { hash });
  }
  return lines;
}

// ---- reading ----

interface ParsedRun {
  readonly names: readonly string[];
  readonly entries: readonly ConfigObject[];
}

/** Parsed chunks of this process, by hash (immutable content: valid forever). */
const runs = new Map<string, ParsedRun>();
const frames = new Map<string, ConfigTree>();
const MEMO_MAX = 20_000;

function rememberRun(hash: string, r: ParsedRun): void {
  if (runs.size >= MEMO_MAX) runs.clear();
  runs.set(hash, r);
}

function rememberFrame(key: string, t: ConfigTree): void {
  if (frames.size >= 256) frames.clear();
  frames.set(key, t);
}

const frameKey = (lines: readonly ManifestLine[]): string =>
  lines
    .filter((l) => !l.path)
    .map((l) => l.hash)
    .join(',');

function curlyTree(text: string, file: string): ConfigTree {
  const r = parseConfig(text, file, { format: 'curly' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new ChunkError(`${file}: damaged revision: ${errors[0].message}`);
  return deepFreeze(r.value.tree);
}

function readFrame(files: ChunkFiles, lines: readonly ManifestLine[]): ConfigTree {
  const key = frameKey(lines);
  const hit = frames.get(key);
  if (hit) return hit;
  const texts = lines.filter((l) => !l.path).map((l) => files.read(l.hash));
  const tree = texts.length ? curlyTree(texts.join(''), files.file(lines[0].hash)) : EMPTY_TREE;
  rememberFrame(key, tree);
  return tree;
}

function readRun(files: ChunkFiles, line: ManifestLine): ParsedRun {
  const hit = runs.get(line.hash);
  if (hit) return hit;
  const path = line.path as readonly string[];
  const cached = files.readCache(line.hash) as { names?: unknown; entries?: unknown } | undefined;
  let r: ParsedRun | undefined;
  if (cached && Array.isArray(cached.names) && Array.isArray(cached.entries))
    r = {
      names: deepFreeze(cached.names as string[]),
      entries: deepFreeze(cached.entries as ConfigObject[]),
    };
  else {
    const text = files.read(line.hash);
    const heads = path.slice(0, -1);
    const wrapped = `${heads.map((w) => `${w} {\n`).join('')}${text}${'}\n'.repeat(heads.length)}`;
    const list = getAt(curlyTree(wrapped, files.file(line.hash)), path);
    if (!isObject(list))
      throw new ChunkError(`${files.file(line.hash)}: chunk holds no entries of ${path.join(' ')}`);
    const names = (list[ORDER_KEY] as string[] | undefined) ?? Object.keys(list).filter((k) => k[0] !== '@');
    r = { names, entries: names.map((n) => list[n] as ConfigObject) };
    files.writeCache(line.hash, sharedStringify({ names: r.names, entries: r.entries }));
  }
  rememberRun(line.hash, r);
  return r;
}

/** The tree of a manifest; ChunkError when a chunk is missing or damaged. */
export function readChunked(files: ChunkFiles, lines: readonly ManifestLine[]): ConfigTree {
  let tree = readFrame(files, lines);
  for (let i = 0; i < lines.length;) {
    const path = lines[i].path;
    if (!path) {
      i++;
      continue;
    }
    const key = path.join(' ');
    const list: Record<string, unknown> = {};
    const order: string[] = [];
    for (; i < lines.length && lines[i].path?.join(' ') === key; i++) {
      const r = readRun(files, lines[i]);
      for (let k = 0; k < r.names.length; k++) {
        order.push(r.names[k]);
        list[r.names[k]] = r.entries[k];
      }
    }
    list[ORDER_KEY] = Object.freeze(order);
    tree = setAt(tree, path, Object.freeze(list) as ConfigObject);
  }
  return tree;
}

/** Write the derived JSON copies of new runs (after the commit, off its path). */
export function writeRunCaches(files: ChunkFiles, chunks: readonly NewChunk[]): void {
  for (const c of chunks)
    if (c.run && files.fileId(c.hash) !== undefined && !files.readCacheExists(c.hash))
      files.writeCache(c.hash, sharedStringify({ names: c.run.names, entries: c.run.entries }));
}

/** Drop this process's parsed chunks (tests and benches measuring a read from disk). */
export function forgetParsedChunks(): void {
  runs.clear();
  frames.clear();
}
