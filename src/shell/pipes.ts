/**
 * Output pipes (`| match REGEX | count`, chainable). `display` and `compare`
 * change what a `show` command renders, so they are handed to the command;
 * the others filter the rendered text in order.
 */
import { writeExportFile } from '../op/export-file.js';
import { keywordGrammar, type Grammar, type KeywordNode, type ValueSlot } from './grammar.js';

export type DisplayFormat =
  'set' | 'set-relative' | 'json' | 'yaml' | 'text' | 'inheritance' | 'inheritance-no-comments';

export type Pipe =
  | { readonly kind: 'display'; readonly format: DisplayFormat }
  | { readonly kind: 'compare'; readonly rollback?: number }
  | { readonly kind: 'match'; readonly pattern: string }
  | { readonly kind: 'except'; readonly pattern: string }
  | { readonly kind: 'find'; readonly pattern: string }
  | { readonly kind: 'last'; readonly lines: number }
  | { readonly kind: 'count' }
  | { readonly kind: 'no-more' }
  | { readonly kind: 'save'; readonly file: string };

const regexSlot: ValueSlot = {
  placeholder: 'pattern',
  help: 'Pattern to match against',
  check: (v) => {
    try {
      new RegExp(v);
      return undefined;
    } catch {
      return 'error: invalid regular expression';
    }
  },
};

const uint: ValueSlot = {
  placeholder: 'number',
  help: 'Number of lines',
  check: (v) => (/^\d+$/.test(v) ? undefined : `error: invalid number: ${v}`),
};

const PIPE_TREE: KeywordNode = {
  help: '',
  unknown: 'syntax error, expecting <command>.',
  incomplete: 'syntax error, expecting <command>.',
  children: {
    compare: {
      help: 'Compare configuration changes with prior version',
      enter: true,
      pipe: true,
      children: {
        rollback: {
          help: 'Compare against a rollback revision',
          value: {
            placeholder: 'number',
            help: 'Rollback number (0..49)',
            check: (v) =>
              /^\d+$/.test(v) && Number(v) <= 49 ? undefined : `Value ${v} is not within range (0..49)`,
          },
          pipe: true,
        },
      },
    },
    count: { help: 'Count occurrences', enter: true, pipe: true },
    display: {
      help: 'Show additional kinds of information',
      incomplete: 'syntax error, expecting <command>.',
      children: {
        inheritance: {
          help: 'Show inherited configuration data and source group',
          enter: true,
          pipe: true,
          children: {
            'no-comments': { help: 'Do not show comments about inherited data', enter: true, pipe: true },
          },
        },
        json: { help: 'Show output in JSON format', enter: true, pipe: true },
        set: {
          help: "Show 'set' commands that create configuration",
          enter: true,
          pipe: true,
          children: {
            relative: { help: "Show 'set' commands relative to the current level", enter: true, pipe: true },
          },
        },
        yaml: { help: 'Show output in YAML format', enter: true, pipe: true },
      },
    },
    except: { help: 'Show only text that does not match a pattern', value: regexSlot, pipe: true },
    find: { help: 'Search for first occurrence of pattern', value: regexSlot, pipe: true },
    last: { help: 'Display end of output only', enter: true, pipe: true, value: uint },
    match: { help: 'Show only text that matches a pattern', value: regexSlot, pipe: true },
    'no-more': { help: "Don't paginate output", enter: true, pipe: true },
    save: {
      help: 'Save output text to file',
      value: { placeholder: 'filename', help: 'Output file name' },
      pipe: true,
    },
  },
};

/** The grammar of one pipe segment (the words after a `|`). */
export const pipeGrammar: Grammar = keywordGrammar(PIPE_TREE);

/** Turns the expanded words of one segment into a Pipe. */
export function toPipe(words: readonly string[]): Pipe {
  switch (words[0]) {
    case 'display':
      return {
        kind: 'display',
        format:
          words[1] === 'set' && words[2] === 'relative'
            ? 'set-relative'
            : words[1] === 'inheritance' && words[2] === 'no-comments'
              ? 'inheritance-no-comments'
              : (words[1] as DisplayFormat),
      };
    case 'compare':
      return words[1] === 'rollback' ? { kind: 'compare', rollback: Number(words[2]) } : { kind: 'compare' };
    case 'match':
    case 'except':
    case 'find':
      return { kind: words[0], pattern: words[1] };
    case 'last':
      return { kind: 'last', lines: words[1] === undefined ? 1 : Number(words[1]) };
    case 'save':
      return { kind: 'save', file: words[1] };
    case 'count':
      return { kind: 'count' };
    default:
      return { kind: 'no-more' };
  }
}

function toLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface PipeOutcome {
  readonly text: string;
  readonly noMore: boolean;
  /** An I/O error of `| save`. */
  readonly error?: string;
}

/** Applies the text pipes in order (display/compare were already applied by the command). */
export function applyTextPipes(
  text: string,
  pipes: readonly Pipe[],
  cwd: string = process.cwd(),
): PipeOutcome {
  let lines = toLines(text);
  let noMore = false;
  for (const p of pipes) {
    switch (p.kind) {
      case 'match': {
        const re = new RegExp(p.pattern);
        lines = lines.filter((l) => re.test(l));
        break;
      }
      case 'except': {
        const re = new RegExp(p.pattern);
        lines = lines.filter((l) => !re.test(l));
        break;
      }
      case 'find': {
        const re = new RegExp(p.pattern);
        const i = lines.findIndex((l) => re.test(l));
        lines = i < 0 ? [] : lines.slice(i);
        break;
      }
      case 'last':
        lines = lines.slice(Math.max(0, lines.length - p.lines));
        break;
      case 'count':
        lines = [`Count: ${lines.length} lines`];
        break;
      case 'no-more':
        noMore = true;
        break;
      case 'save': {
        const file = p.file.startsWith('/') ? p.file : `${cwd}/${p.file}`;
        const w = writeExportFile(file, lines.length ? lines.join('\n') + '\n' : '');
        if (!w.ok) return { text: '', noMore, error: `error: could not write '${p.file}': ${w.reason}` };
        lines = [`Wrote ${lines.length} line${lines.length === 1 ? '' : 's'} of output to '${p.file}'`];
        noMore = true;
        break;
      }
      default:
        break;
    }
  }
  return { text: lines.length ? lines.join('\n') + '\n' : '', noMore };
}
