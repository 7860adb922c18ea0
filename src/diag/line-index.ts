/**
 * Offsets to 1-based line:column, computed lazily and only for diagnostics that
 * are shown (yaml's LineCounter). Columns count UTF-16 code units, 1-based, as
 * editors and SARIF expect.
 */
export interface LineCol {
  readonly line: number;
  readonly col: number;
}

export class LineIndex {
  private starts: number[] | undefined;
  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const t = this.text;
      // a lone CR ends a line too (classic Mac files; the parsers read them so)
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** 1-based line and column of a UTF-16 offset (clamped to the text). */
  lineCol(offset: number): LineCol {
    const starts = this.lineStarts();
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    // a byte-order mark takes no column
    const bom = lo === 0 && off > 0 && this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return { line: lo + 1, col: off - starts[lo] + 1 - bom };
  }

  /** The offset at which a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts()[line - 1] ?? this.text.length;
  }

  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const s = starts[line - 1] ?? this.text.length;
    const e = line < starts.length ? starts[line] - 1 : this.text.length;
    return this.text.slice(s === 0 && this.text.charCodeAt(0) === 0xfeff ? 1 : s, e).replace(/\r$/, '');
  }
}
