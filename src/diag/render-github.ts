/**
 * GitHub Actions workflow commands (`--format github`): one
 * `::error file=F,line=L,col=C,endLine=..,endColumn=..,title=CODE::message`
 * per diagnostic, so problems show up as annotations on the pull request.
 * Values are escaped as the runner requires (%, CR, LF; and `:` `,` in
 * properties).
 */
import type { Diagnostic } from './diagnostic.js';
import { editPath, Positions, type Sources } from './render-position.js';

const escData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escProp = (s: string): string => escData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Renders diagnostics as GitHub annotation commands. */
export function renderGithub(diagnostics: readonly Diagnostic[], sources?: Sources): string {
  const pos = new Positions(sources);
  const out: string[] = [];
  for (const d of diagnostics) {
    const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
    const p = pos.of(d.span);
    const props: string[] = [];
    if (p) {
      props.push(`file=${escProp(p.source)}`, `line=${p.line}`, `col=${p.col}`);
      if (p.endLine === p.line) props.push(`endLine=${p.endLine}`, `endColumn=${p.endCol}`);
    } else if (d.span) {
      props.push(`file=${escProp(d.span.source)}`);
    }
    props.push(`title=${escProp(d.code)}`);
    const ctx = d.path ? ` (${editPath(d.path)}${d.statement ? ` '${d.statement}'` : ''})` : '';
    out.push(`::${level} ${props.join(',')}::${escData(d.message + ctx)}`);
  }
  return out.length > 0 ? out.join('\n') + '\n' : '';
}
