/**
 * Units of brace languages (TypeScript/JavaScript, Go, Rust, Java, C/C++): declarations found by
 * each language's patterns (c-like-languages.ts) on blanked code lines, their bodies by brace
 * matching, the decorators/annotations/attributes above them, the comment above those, and
 * commented blocks of statements.
 */
import { commentAbove, describingText, isDescriptive, isInnerDoc, type CommentConventions } from './comment-block';
import type { Brackets } from './brackets';
import { blockEnd, headerEnd } from './extent';
import type { LexSyntax } from './lexer';
import { Source } from './source';
import { settleNesting, testNameInWords, type FoundUnit } from './unit-build';

/** How the body of a declaration is found from its header. */
export type BodyRule =
  /** `name(params) … {body}`: the text between `)` and `{` must pass `afterParams`. */
  | 'callable'
  /** `… {body}`, never ending in `;` first. */
  | 'braces'
  /** `… {body}` or `… ;` (a Rust unit struct). */
  | 'braces-or-statement'
  /** `const name = (…) => …` or `= function …`: a value that is a function. */
  | 'arrow'
  /** `it('title', () => {…})`: the call's parentheses. */
  | 'call';

export interface DeclarationRule {
  /** Tried on a code line with literal contents blanked and leading annotations blanked; the
   *  group `name` (optional) is read from the original text, so a string's title survives. */
  pattern: RegExp;
  kind: 'function' | 'class' | 'test';
  body: BodyRule;
  /** 'callable': what may stand between the parameters' `)` and the body's `{`. */
  afterParams?: RegExp;
  /** A header matching this makes the function a method (Go's receiver). */
  methodHeader?: RegExp;
  /** The unit's name when the group `name` is not it (Rust's `impl Display for Point`). */
  nameFromHeader?: (header: string) => string;
}

export interface CLikeLanguage {
  syntax: LexSyntax;
  rules: readonly DeclarationRule[];
  comments: CommentConventions;
  /** Names that look like calls but are statements: `if (…) {`. */
  keywords: ReadonlySet<string>;
  /** Start of a line that prefixes a declaration: decorator, annotation, attribute, template. */
  prefixLine?: RegExp;
  /** Prefix text that marks the declaration as a test (`@Test`, `#[test]`). */
  testPrefix?: RegExp;
  /** Function names that make it a test (`TestX` in Go). */
  testName?: RegExp;
  /** Whether a function can really be declared inside another (JavaScript, Rust). */
  nestedFunctions: boolean;
  /** Code lines a comment above does not describe as a block (imports, closing braces, …). */
  notABlock: RegExp;
}

/** Leading inline annotations (`@Override public …`, `@Test void …`), blanked before matching. */
const INLINE_ANNOTATIONS = /^(\s*)((?:@[\w$.]+(?:\([^()]*\))?\s+)+)/;

export function cLikeUnits(text: string, language: CLikeLanguage): FoundUnit[] {
  const source = new Source(text, language.syntax);
  const prefixStarts = prefixItems(source, language);
  const units: FoundUnit[] = [];
  const declarationLines = new Set<number>();
  for (let line = 0; line < source.lineCount; line++) {
    if (source.kinds[line] !== 'code' || prefixStarts.isPrefixLine.has(line)) continue;
    const unit = declarationAt(source, language, line, prefixStarts.startOfItemEndingAt);
    if (!unit) continue;
    units.push(unit);
    declarationLines.add(line);
  }
  units.push(...commentedBlocks(source, language, declarationLines, prefixStarts.isPrefixLine));
  const moduleDoc = language.comments.innerDocs ? moduleDocUnit(source) : undefined;
  if (moduleDoc) units.push(moduleDoc);
  return settleNesting(units, language.nestedFunctions);
}

/** Rust's `//!` at the top of a file documents the module: the code after it, as one block. */
function moduleDocUnit(source: Source): FoundUnit | undefined {
  const docs: string[] = [];
  let line = 0;
  for (const comment of source.comments) {
    if (source.lineOf(comment.start) !== line || !isInnerDoc(source.text, comment)) break;
    docs.push(source.text.slice(comment.start, comment.end));
    line = source.lineOf(comment.end) + 1;
  }
  const text = describingText(docs, 'doc-comment');
  while (line < source.lineCount && source.kinds[line] !== 'code') line++;
  let last = source.lineCount - 1;
  while (last > line && source.kinds[last] !== 'code') last--;
  if (text === undefined || line >= source.lineCount) return undefined;
  return { kind: 'block', name: '', firstLine: line, lastLine: last, doc: { text, kind: 'doc-comment' } };
}

function declarationAt(source: Source, language: CLikeLanguage, line: number, prefixEnds: Map<number, number>): FoundUnit | undefined {
  const raw = source.codeLines[line];
  const inline = INLINE_ANNOTATIONS.exec(raw);
  const codeLine = inline ? inline[1] + ' '.repeat(inline[2].length) + raw.slice(inline[0].length) : raw;
  for (const rule of language.rules) {
    const match = rule.pattern.exec(codeLine);
    if (!match) continue;
    const name = nameOf(source, line, match);
    if (language.keywords.has(name)) continue;
    const lineStart = source.offsetOfLine(line);
    const end = bodyEnd(source, lineStart + match.index, lineStart + match.index + match[0].length, rule);
    if (end === undefined) continue;
    let firstLine = line;
    while (prefixEnds.has(firstLine - 1)) firstLine = prefixEnds.get(firstLine - 1)!;
    const prefixText = source.slice(firstLine, line - 1) + (inline ? inline[2] : '');
    const header = source.code.slice(lineStart + match.index, end.headerEnd);
    const unit: FoundUnit = {
      kind: rule.methodHeader?.test(header) ? 'method' : rule.kind,
      name: rule.nameFromHeader ? rule.nameFromHeader(header) : name,
      firstLine,
      lastLine: source.lineOf(end.end),
    };
    const isTest = rule.kind === 'test' || (language.testPrefix?.test(prefixText) ?? false) || (rule.kind === 'function' && (language.testName?.test(name) ?? false));
    const comment = commentAbove(source, firstLine, language.comments);
    if (rule.kind === 'test') unit.doc = isDescriptive(name) ? { text: name, kind: 'test' } : undefined;
    else if (comment) unit.doc = { text: comment.text, kind: comment.kind };
    if (isTest) {
      unit.kind = 'test';
      const words = testNameInWords(name);
      if (!unit.doc && words.includes(' ')) unit.doc = { text: words, kind: 'test' };
    }
    return unit;
  }
  return undefined;
}

/** The group `name` read from the original line (a test title is blanked in the code). */
function nameOf(source: Source, line: number, match: RegExpExecArray): string {
  const group = match.indices?.groups?.name;
  if (!group) return '';
  const name = source.lines[line].slice(group[0], group[1]).trim();
  const quoted = /^(['"`])([^]*)\1$/.exec(name);
  return quoted ? quoted[2] : name;
}

/** Offset of the declaration's last character, and where its header ends; undefined when the
 *  line only looked like a declaration (a call, a prototype without body). */
function bodyEnd(source: Source, start: number, matchEnd: number, rule: DeclarationRule): { end: number; headerEnd: number } | undefined {
  const { code, brackets } = source;
  switch (rule.body) {
    case 'call':
      return groupEnd(brackets, code.indexOf('(', start));
    case 'callable': {
      const open = code.lastIndexOf('(', matchEnd);
      const close = brackets.closeOf(open);
      if (close < 0) return undefined;
      let after = headerEnd(code, close + 1, true);
      // `): { a: number } {`: the first brace group is a TypeScript object return type.
      if (after.char === '{' && /^\s*:\s*$/.test(code.slice(close + 1, after.at))) {
        const typeEnd = brackets.closeOf(after.at);
        after = typeEnd < 0 ? after : headerEnd(code, typeEnd + 1, true);
      }
      if (after.char !== '{') return undefined;
      if (rule.afterParams && !rule.afterParams.test(code.slice(close + 1, after.at))) return undefined;
      return groupEnd(brackets, after.at);
    }
    case 'braces':
    case 'braces-or-statement': {
      const after = headerEnd(code, matchEnd, true);
      if (after.char === '{') return groupEnd(brackets, after.at);
      return after.char === ';' && rule.body === 'braces-or-statement' ? { end: after.at, headerEnd: after.at } : undefined;
    }
    case 'arrow':
      return arrowEnd(code, brackets, matchEnd);
  }
}

/** `= (…) => {…}`, `= async x => x + 1;`, `= function (…) {…}` from just after the name. */
function arrowEnd(code: string, brackets: Brackets, afterName: number): { end: number; headerEnd: number } | undefined {
  const assign = /^\s*(?::[^=;{]*(?:\{[^}]*\}[^=;{]*)?)?=(?![=>])\s*/.exec(code.slice(afterName, afterName + 400));
  if (!assign) return undefined;
  const valueStart = afterName + assign[0].length;
  const value = code.slice(valueStart, valueStart + 40);
  if (/^(async\s+)?function\b/.test(value)) {
    const open = headerEnd(code, valueStart);
    return open.char === '{' ? groupEnd(brackets, open.at) : undefined;
  }
  // The parameters: one name, or a parenthesised list whose own `)` is followed by `=>` (a return type between).
  const params = /^(async\s*)?(\(|[\w$]+\s*=>)/.exec(value);
  if (!params) return undefined;
  const paramsEnd = params[2] === '(' ? brackets.closeOf(valueStart + params[0].length - 1) : valueStart + params[0].length - 2;
  if (paramsEnd < 0) return undefined;
  const arrow = /^\)?\s*(?::[^=;{]*(?:\{[^}]*\}[^=;{]*)?)?=>\s*/.exec(code.slice(paramsEnd, paramsEnd + 400));
  if (!arrow) return undefined;
  const bodyStart = paramsEnd + arrow[0].length;
  if (code[bodyStart] === '{') return groupEnd(brackets, bodyStart);
  const end = expressionEnd(code, brackets, bodyStart);
  return { end, headerEnd: bodyStart };
}

/** A body that is the bracket group opening at `open` (the header ends there); undefined when it never closes. */
function groupEnd(brackets: Brackets, open: number): { end: number; headerEnd: number } | undefined {
  const close = brackets.closeOf(open);
  return close < 0 ? undefined : { end: close, headerEnd: open };
}

/** End of an expression body: the `;`, or the line break, outside brackets (or the bracket that
 *  closes around it). Bracket groups are jumped over whole; one never closed ends at its line. */
function expressionEnd(code: string, brackets: Brackets, from: number): number {
  for (let i = from; i < code.length; i++) {
    const c = code[i];
    if ('([{'.includes(c)) {
      const close = brackets.closeOf(i);
      if (close < 0) return lineEndBefore(code, i);
      i = close;
    } else if (')]}'.includes(c)) return Math.max(from, i - 1);
    else if (c === ';') return i;
    else if (c === '\n') return Math.max(from, i - 1);
  }
  return code.length - 1;
}

function lineEndBefore(code: string, i: number): number {
  const end = code.indexOf('\n', i);
  return end < 0 ? code.length - 1 : end - 1;
}

interface PrefixItems {
  /** Last line of a prefix item → its first line. */
  startOfItemEndingAt: Map<number, number>;
  isPrefixLine: Set<number>;
}

/**
 * Decorators, annotations, attributes and template heads on lines of their own, each possibly
 * spanning lines (`@Component({…})`). One followed by code on its own last line (`@Test void f() {`)
 * is part of that declaration's line instead.
 */
function prefixItems(source: Source, language: CLikeLanguage): PrefixItems {
  const items: PrefixItems = { startOfItemEndingAt: new Map(), isPrefixLine: new Set() };
  if (!language.prefixLine) return items;
  for (let line = 0; line < source.lineCount; line++) {
    const match = source.kinds[line] === 'code' ? language.prefixLine.exec(source.codeLines[line]) : null;
    if (!match) continue;
    const { code } = source;
    let itemEnd = source.offsetOfLine(line) + match.index + match[0].length;
    while (code[itemEnd] === ' ' || code[itemEnd] === '\t') itemEnd++;
    if ('([<'.includes(code[itemEnd])) {
      const close = code[itemEnd] === '<' ? matchingAngle(code, itemEnd) : source.brackets.closeOf(itemEnd);
      if (close < 0) continue;
      itemEnd = close + 1;
    }
    const last = source.lineOf(itemEnd);
    const restOfLine = code.slice(itemEnd, source.offsetOfLine(last) + source.codeLines[last].length);
    if (restOfLine.trim() !== '') continue;
    for (let l = line; l <= last; l++) items.isPrefixLine.add(l);
    items.startOfItemEndingAt.set(last, line);
    line = last;
  }
  return items;
}

function matchingAngle(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '<') depth++;
    else if (code[i] === '>' && --depth === 0) return i;
    else if (code[i] === ';' || code[i] === '{') return -1;
  }
  return -1;
}

/** A comment block directly above code that is no declaration: the statements it describes. */
function commentedBlocks(source: Source, language: CLikeLanguage, declarations: Set<number>, prefixLines: Set<number>): FoundUnit[] {
  const units: FoundUnit[] = [];
  for (let line = 1; line < source.lineCount; line++) {
    if (source.kinds[line] !== 'code' || source.kinds[line - 1] !== 'comment') continue;
    if (declarations.has(line) || prefixLines.has(line) || language.notABlock.test(source.codeLines[line])) continue;
    const comment = commentAbove(source, line, { innerDocs: language.comments.innerDocs });
    if (!comment) continue;
    units.push({ kind: 'block', name: '', firstLine: line, lastLine: blockEnd(source, line, false), doc: { text: comment.text, kind: comment.kind } });
  }
  return units;
}
