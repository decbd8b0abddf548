/**
 * A small lexer shared by every language scanner of pair mining: it finds comments and string
 * literals so that brace matching, indentation and declaration patterns look at code only. The
 * result keeps the text's length and line breaks, so offsets and lines in it are the text's own.
 */

/** Which literals and comments a language has; the scanners' only per-language lexing knowledge. */
export interface LexSyntax {
  lineComments: readonly string[];
  blockComment?: { open: string; close: string; /** Rust's block comments nest. */ nests?: boolean };
  /** Quotes of ordinary strings with backslash escapes. */
  quotes: readonly string[];
  /** Ordinary strings may span lines (Rust); otherwise a line break ends an unterminated one. */
  multilineQuotes?: boolean;
  /** Triple-quoted strings (Python's ''' and """, Java's text blocks). */
  tripleQuotes?: readonly string[];
  /** JavaScript template literals with `${…}` (which may hold more templates). */
  templates?: boolean;
  /** Go raw strings: backticks, no escapes. */
  rawBackticks?: boolean;
  /** JavaScript regular-expression literals (`/[{]/`), told from division by what precedes them. */
  regexLiterals?: boolean;
  /** Rust: `'a'` is a char, `'a` a lifetime; raw strings r#"…"#. */
  rust?: boolean;
  /** C++ raw strings R"delim(…)delim". */
  cppRawStrings?: boolean;
}

export interface Span {
  start: number;
  /** Exclusive. */
  end: number;
}

export interface Lexed {
  /** The text with comments and the insides of literals turned to spaces (line breaks kept);
   *  a literal's delimiters stay, so `it('…')` still reads as a call with a string. */
  code: string;
  /** In text order. */
  comments: Span[];
  /** String literals with their delimiters, in text order (not those nested in templates). */
  strings: Span[];
}

/** Template literals nested deeper than this are blanked without looking inside. */
const MAX_TEMPLATE_DEPTH = 32;
const REGEX_AFTER_CHAR = new Set('(,=:[!&|?{};+-*%<>~^');
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

export function lex(text: string, syntax: LexSyntax): Lexed {
  return new Lexer(text, syntax).run();
}

class Lexer {
  private readonly comments: Span[] = [];
  private readonly strings: Span[] = [];
  private readonly blanks: Span[] = [];
  /** Characters a comment or literal can start with: every other character is code at once. */
  private readonly starts: Set<string>;

  constructor(
    private readonly text: string,
    private readonly syntax: LexSyntax,
  ) {
    const markers = [...syntax.lineComments, syntax.blockComment?.open ?? '', ...(syntax.tripleQuotes ?? []), ...syntax.quotes];
    this.starts = new Set(markers.filter((m) => m !== '').map((m) => m[0]));
    if (syntax.templates || syntax.rawBackticks) this.starts.add('`');
    if (syntax.regexLiterals) this.starts.add('/');
    if (syntax.rust) for (const c of "rb'") this.starts.add(c);
    if (syntax.cppRawStrings) this.starts.add('"');
  }

  run(): Lexed {
    this.scanCode(0, false, 0);
    return { code: blankOut(this.text, this.blanks), comments: this.comments, strings: this.strings };
  }

  /** Scans code from `i`; inside a template's `${`, stops at its closing brace and returns its index. */
  private scanCode(i: number, inTemplate: boolean, depth: number): number {
    const { text, syntax } = this;
    let braces = 0;
    let lastSignificant = -1;
    while (i < text.length) {
      const c = text[i];
      const literal = this.literalAt(i, lastSignificant, depth);
      if (literal) {
        i = literal.end;
        if (literal.kind !== 'comment') lastSignificant = literal.end - 1;
        continue;
      }
      if (inTemplate) {
        if (c === '{') braces++;
        else if (c === '}' && braces-- === 0) return i;
      }
      if (c === '\'' && syntax.rust) {
        i++; // a lifetime: the quote alone
        lastSignificant = i - 1;
        continue;
      }
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') lastSignificant = i;
      i++;
    }
    return text.length;
  }

  /** The comment or literal starting at `i`, recorded; undefined when code continues there. */
  private literalAt(i: number, lastSignificant: number, depth: number): (Span & { kind: 'comment' | 'string' }) | undefined {
    const { text, syntax } = this;
    if (!this.starts.has(text[i])) return undefined;
    for (const marker of syntax.lineComments) {
      if (text.startsWith(marker, i)) return this.comment(i, lineEnd(text, i));
    }
    const block = syntax.blockComment;
    if (block && text.startsWith(block.open, i)) return this.comment(i, blockCommentEnd(text, i, block));
    for (const triple of syntax.tripleQuotes ?? []) {
      if (text.startsWith(triple, i)) return this.string(i, quotedEnd(text, i + 3, triple, true), 3, 3);
    }
    const c = text[i];
    if (syntax.rust) {
      const raw = /^b?r(#*)"/.exec(text.slice(i, i + 300));
      if (raw && !isIdentChar(text[i - 1])) {
        const close = `"${raw[1]}`;
        const end = text.indexOf(close, i + raw[0].length);
        return this.string(i, end < 0 ? text.length : end + close.length, raw[0].length, close.length);
      }
      if (c === '\'') {
        const char = /^'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|.)|[^\\'\n])'/.exec(text.slice(i, i + 16));
        return char ? this.string(i, i + char[0].length, 1, 1) : undefined;
      }
    }
    if (syntax.cppRawStrings && c === '"' && text[i - 1] === 'R') {
      const near = text.slice(i, i + 18).indexOf('(');
      const open = near < 0 ? -1 : i + near;
      const delimiter = open < 0 ? '' : text.slice(i + 1, open);
      if (open >= 0 && /^[^\s()\\]{0,16}$/.test(delimiter)) {
        const close = `)${delimiter}"`;
        const end = text.indexOf(close, open);
        return this.string(i, end < 0 ? text.length : end + close.length, open - i + 1, close.length);
      }
    }
    if (syntax.quotes.includes(c)) return this.string(i, quotedEnd(text, i + 1, c, syntax.multilineQuotes ?? false), 1, 1);
    if (c === '`' && syntax.rawBackticks) {
      const end = text.indexOf('`', i + 1);
      return this.string(i, end < 0 ? text.length : end + 1, 1, 1);
    }
    if (c === '`' && syntax.templates) return this.string(i, this.templateEnd(i, depth), 1, 1);
    if (c === '/' && syntax.regexLiterals && this.regexCanStart(lastSignificant)) {
      const end = regexEnd(text, i);
      if (end !== undefined) return this.string(i, end, 1, 0);
    }
    return undefined;
  }

  private comment(start: number, end: number): Span & { kind: 'comment' } {
    this.comments.push({ start, end });
    this.blanks.push({ start, end });
    return { start, end, kind: 'comment' };
  }

  /** Records a literal; its delimiters (`open`, `close` characters long) stay in the code. */
  private string(start: number, end: number, open: number, close: number): Span & { kind: 'string' } {
    this.strings.push({ start, end });
    this.blanks.push({ start: Math.min(end, start + open), end: Math.max(start + open, end - close) });
    return { start, end, kind: 'string' };
  }

  /** The end of a template literal starting at `start` (a backtick), past its `${…}` parts. */
  private templateEnd(start: number, depth: number): number {
    const { text } = this;
    let i = start + 1;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '`') return i + 1;
      else if (c === '$' && text[i + 1] === '{' && depth < MAX_TEMPLATE_DEPTH) {
        const marks = { comments: this.comments.length, strings: this.strings.length };
        i = this.scanCode(i + 2, true, depth + 1) + 1;
        // What lies inside a template is part of the template literal, not comments or strings of its own.
        this.comments.length = marks.comments;
        this.strings.length = marks.strings;
      } else i++;
    }
    return text.length;
  }

  private regexCanStart(lastSignificant: number): boolean {
    const { text } = this;
    if (lastSignificant < 0) return true;
    const previous = text[lastSignificant];
    if (REGEX_AFTER_CHAR.has(previous)) return true;
    if (!isIdentChar(previous)) return false;
    let wordStart = lastSignificant;
    while (wordStart > 0 && isIdentChar(text[wordStart - 1])) wordStart--;
    return REGEX_AFTER_WORD.has(text.slice(wordStart, lastSignificant + 1));
  }
}

function isIdentChar(c: string | undefined): boolean {
  return c !== undefined && /[\w$]/.test(c);
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

function blockCommentEnd(text: string, i: number, block: NonNullable<LexSyntax['blockComment']>): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text.startsWith(block.open, j)) {
      depth++;
      j += block.open.length;
    } else if (text.startsWith(block.close, j)) {
      depth--;
      j += block.close.length;
      if (depth === 0 || !block.nests) return j;
    } else j++;
  }
  return text.length;
}

/** End (exclusive) of a string whose body starts at `i` and closes with `quote`. */
function quotedEnd(text: string, i: number, quote: string, multiline: boolean): number {
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (text.startsWith(quote, i)) return i + quote.length;
    else if (c === '\n' && !multiline) return i;
    else i++;
  }
  return text.length;
}

/** End of a regular-expression literal at `i`, or undefined when the line holds none (a division). */
function regexEnd(text: string, i: number): number | undefined {
  if (text[i + 1] === '/' || text[i + 1] === '*') return undefined;
  let inClass = false;
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '\n') return undefined;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = j + 1;
      while (end < text.length && /[a-z]/.test(text[end])) end++;
      return end;
    }
  }
  return undefined;
}

/** The text with every span's characters but line breaks turned to spaces. */
function blankOut(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    parts.push(text.slice(at, from), text.slice(from, end).replace(/[^\n]/g, ' '));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
