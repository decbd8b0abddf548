/**
 * One file as the scanners see it: its lines, the same lines with comments and literal contents
 * blanked (lexer.ts), what each line holds (blank, comment only, code) and offset ↔ line maps.
 * Lines here are 0-based; units report them 1-based.
 */
import { Brackets } from './brackets';
import { lex, type LexSyntax, type Span } from './lexer';

export type LineKind = 'blank' | 'comment' | 'code';

export class Source {
  readonly lines: string[];
  /** `lines` with comments and the insides of literals blanked. */
  readonly codeLines: string[];
  readonly code: string;
  readonly comments: Span[];
  readonly strings: Span[];
  readonly kinds: LineKind[];
  /** Where the brackets of `code` close. */
  readonly brackets: Brackets;
  private readonly lineStarts: number[];
  private indents: number[] | undefined;

  constructor(readonly text: string, syntax: LexSyntax) {
    const lexed = lex(text, syntax);
    this.code = lexed.code;
    this.brackets = new Brackets(lexed.code);
    this.comments = lexed.comments;
    this.strings = lexed.strings;
    this.lines = text.split('\n');
    this.codeLines = lexed.code.split('\n');
    this.lineStarts = [];
    let offset = 0;
    for (const line of this.lines) {
      this.lineStarts.push(offset);
      offset += line.length + 1;
    }
    this.kinds = this.lines.map((line, i) => {
      if (line.trim() === '') return 'blank';
      if (this.codeLines[i].trim() !== '') return 'code';
      const first = this.lineStarts[i] + line.search(/\S/);
      return this.commentAt(first) ? 'comment' : 'code';
    });
  }

  get lineCount(): number {
    return this.lines.length;
  }

  offsetOfLine(line: number): number {
    return this.lineStarts[Math.min(line, this.lineStarts.length - 1)];
  }

  /** The 0-based line holding `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  commentAt(offset: number): Span | undefined {
    return spanAt(this.comments, offset);
  }

  /** Comments that start at or after `from` and before `to`, in text order. */
  commentsStartingIn(from: number, to: number): Span[] {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.comments[mid].start < from) low = mid + 1;
      else high = mid;
    }
    const found: Span[] = [];
    for (let i = low; i < this.comments.length && this.comments[i].start < to; i++) found.push(this.comments[i]);
    return found;
  }

  stringAt(offset: number): Span | undefined {
    return spanAt(this.strings, offset);
  }

  /** Lines `first`…`last` (inclusive) of the original text, joined. */
  slice(first: number, last: number): string {
    return this.lines.slice(first, last + 1).join('\n');
  }

  /** Width of the line's leading whitespace, tabs to the next multiple of 4. */
  indentOf(line: number): number {
    this.indents ??= this.lines.map(measureIndent);
    return this.indents[line];
  }
}

function measureIndent(text: string): number {
  let width = 0;
  for (const c of text) {
    if (c === ' ') width++;
    else if (c === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

/** The span (in text order, not overlapping) that holds `offset`, by binary search. */
function spanAt(spans: readonly Span[], offset: number): Span | undefined {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spans[mid];
    if (offset < span.start) high = mid - 1;
    else if (offset >= span.end) low = mid + 1;
    else return span;
  }
  return undefined;
}
