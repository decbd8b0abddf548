/**
 * Units of Python files: `def` and `class` (nested and decorated ones too) with their extent by
 * indentation over logical lines (a line inside brackets, a backslash continuation or a
 * multi-line string does not end a body), their docstring (''' or """, any string prefix but f
 * and b), or else the `#` block directly above; `def test_…` are tests; and `#` blocks above
 * other statements.
 */
import { commentAbove, withoutCommonIndent } from './comment-block';
import { blockEnd, MAX_HEADER_CHARS } from './extent';
import type { LexSyntax } from './lexer';
import { Source } from './source';
import { settleNesting, testNameInWords, type FoundUnit } from './unit-build';

const PYTHON_SYNTAX: LexSyntax = { lineComments: ['#'], quotes: ['"', "'"], tripleQuotes: ['"""', "'''"] };
const DEFINITION = /^(\s*)(?:async\s+)?(def|class)\s+(?<name>[A-Za-z_]\w*)/d;
const NOT_A_BLOCK = /^\s*(import\b|from\s+\S+\s+import\b|@|else\b|elif\b|except\b|finally\b|[)\]}])/;

export function pythonUnits(text: string): FoundUnit[] {
  const source = new Source(text, PYTHON_SYNTAX);
  const logical = logicalLineStarts(source);
  const units: FoundUnit[] = [];
  const taken = new Set<number>();
  for (let line = 0; line < source.lineCount; line++) {
    if (!logical[line]) continue;
    const unit = definitionAt(source, logical, line);
    if (!unit) continue;
    units.push(unit);
    for (let l = unit.firstLine; l <= line; l++) taken.add(l);
  }
  for (let line = 1; line < source.lineCount; line++) {
    if (!logical[line] || taken.has(line) || source.kinds[line - 1] !== 'comment' || NOT_A_BLOCK.test(source.codeLines[line])) continue;
    const comment = commentAbove(source, line);
    if (comment) units.push({ kind: 'block', name: '', firstLine: line, lastLine: blockEnd(source, line, true), doc: { text: comment.text, kind: comment.kind } });
  }
  return settleNesting(units, true);
}

/** Whether each line starts a logical line: code, outside brackets, strings and continuations. */
function logicalLineStarts(source: Source): boolean[] {
  const starts: boolean[] = [];
  let depth = 0;
  let continued = false;
  for (let line = 0; line < source.lineCount; line++) {
    const first = source.offsetOfLine(line) + Math.max(0, source.lines[line].search(/\S/));
    const literal = source.stringAt(first);
    const inString = literal !== undefined && literal.start < first;
    starts.push(source.kinds[line] === 'code' && depth <= 0 && !continued && !inString);
    const codeLine = source.codeLines[line];
    for (const c of codeLine) {
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    }
    continued = codeLine.trimEnd().endsWith('\\');
  }
  return starts;
}

function definitionAt(source: Source, logical: boolean[], line: number): FoundUnit | undefined {
  const match = DEFINITION.exec(source.codeLines[line]);
  if (!match) return undefined;
  const indent = source.indentOf(line);
  const name = match.groups!.name;
  const headerColon = headerEnd(source.code, source.offsetOfLine(line) + match[0].length);
  if (headerColon < 0) return undefined;
  const headerLine = source.lineOf(headerColon);
  const oneLiner = source.code.slice(headerColon + 1, source.offsetOfLine(headerLine) + source.codeLines[headerLine].length).trim() !== '';
  let lastLine = headerLine;
  if (!oneLiner) {
    for (let l = headerLine + 1; l < source.lineCount; l++) {
      if (logical[l] && source.indentOf(l) <= indent) break;
      if (source.kinds[l] === 'code') lastLine = l;
    }
  }
  const firstLine = decoratorsStart(source, logical, line, indent);
  const unit: FoundUnit = { kind: match[2] === 'class' ? 'class' : 'function', name, firstLine, lastLine };
  const docstring = oneLiner ? undefined : docstringAfter(source, headerColon);
  if (docstring) {
    unit.doc = { text: docstring.text, kind: 'docstring' };
    unit.codeWithoutDoc = withoutSpan(source, firstLine, lastLine, docstring.start, docstring.end);
  } else {
    const comment = commentAbove(source, firstLine);
    if (comment) unit.doc = { text: comment.text, kind: comment.kind };
  }
  if (match[2] === 'def' && /^test/.test(name)) {
    unit.kind = 'test';
    const words = testNameInWords(name);
    if (!unit.doc && words.includes(' ')) unit.doc = { text: words, kind: 'test' };
  }
  return unit;
}

/** Offset of the `:` ending a def/class header (outside brackets), or -1. */
function headerEnd(code: string, from: number): number {
  let depth = 0;
  for (let i = from; i < code.length && i < from + MAX_HEADER_CHARS; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return -1;
}

/** First line of the decorators directly above a definition (its own line when none). */
function decoratorsStart(source: Source, logical: boolean[], line: number, indent: number): number {
  let first = line;
  for (let l = line - 1; l >= 0; l--) {
    if (source.kinds[l] === 'blank' || source.kinds[l] === 'comment') break;
    if (!logical[l]) continue;
    if (!/^\s*@/.test(source.codeLines[l]) || source.indentOf(l) !== indent) break;
    first = l;
  }
  return first;
}

/** The docstring: a string literal (not an f- or b-string) as the body's first statement. */
function docstringAfter(source: Source, headerColon: number): { text: string; start: number; end: number } | undefined {
  const rest = /^\s*([rRuU]?)(['"])/.exec(source.code.slice(headerColon + 1, headerColon + 2000));
  if (!rest) return undefined;
  const quoteAt = headerColon + 1 + rest[0].length - 1;
  const literal = source.stringAt(quoteAt);
  if (!literal || literal.start !== quoteAt) return undefined;
  const raw = source.text.slice(literal.start, literal.end);
  const quote = /^('''|"""|'|")/.exec(raw)![0];
  const body = raw.slice(quote.length, raw.endsWith(quote) ? raw.length - quote.length : raw.length);
  const text = cleanDocstring(body);
  return text === '' ? undefined : { text, start: literal.start - rest[1].length, end: literal.end };
}

/** inspect.cleandoc: the first line stripped, the others without their common indentation. */
function cleanDocstring(body: string): string {
  const [first, ...others] = body.split('\n');
  return [first.trim(), ...withoutCommonIndent(others)].join('\n').trim();
}

/** Lines `first`…`last` with the span [start, end) removed, and a line left blank by it dropped. */
function withoutSpan(source: Source, first: number, last: number, start: number, end: number): string {
  const from = source.offsetOfLine(first);
  const lastLineEnd = source.offsetOfLine(last) + source.lines[last].length;
  const text = source.text.slice(from, start) + source.text.slice(end, lastLineEnd);
  const emptiedLine = source.lineOf(start) - first;
  return text.split('\n').filter((l, i) => !(l.trim() === '' && i === emptiedLine)).join('\n').trimEnd();
}
