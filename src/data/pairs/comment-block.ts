/**
 * The comment that describes a line of code: the run of comment-only lines directly above it.
 * Rule: a blank line between the comment and the code detaches it (a file header or a commented
 * section title is not the next function's description), and so does a comment that starts on a
 * line of code. Comment markers are cleaned off; tool directives (`eslint-disable`, `noqa`, …)
 * and commented-out code are not descriptions.
 */
import type { PairKind } from './types';
import type { Span } from './lexer';
import type { Source } from './source';

export interface AttachedComment {
  text: string;
  kind: Extract<PairKind, 'doc-comment' | 'line-comment'>;
  /** 0-based first line of the comment block. */
  firstLine: number;
}

/** Doc-comment openers: JSDoc/Javadoc/Doxygen `/**` and `/*!`, Rust and Doxygen `///` and `//!`. */
const DOC_OPENER = /^(\/\*\*(?!\/)|\/\*!|\/\/\/(?!\/)|\/\/!)/;
const DIRECTIVE = /^(eslint|prettier-ignore|@ts-|istanbul|c8 |tslint|jshint|global |noqa|type:\s*ignore|pylint:|mypy:|isort:|fmt:|pragma|#?region|#?endregion|nolint|go:|\+build|NOSONAR|NOLINT|clang-format|-\*-|!\/|SPDX-)/i;
const CODE_LIKE = /([;{}]\s*$)|^(import|from\s+\S+\s+import|return|const|let|var|def|class|if\s*\(|for\s*\(|while\s*\(|print\(|console\.)\b/;
const NOT_A_DESCRIPTION = /^(TODO|FIXME|XXX|HACK)\b|copyright|license/i;

export interface CommentConventions {
  /** Go: `//` directly above a declaration is its doc comment. */
  lineCommentsAreDocs?: boolean;
  /** Rust: `//!` and `/*!` document the enclosing module (Doxygen reads them as ordinary docs). */
  innerDocs?: boolean;
}

/**
 * The comment block ending on the line just above `line`, cleaned; undefined when there is none
 * or it says nothing (a directive, commented-out code, one word).
 */
export function commentAbove(source: Source, line: number, conventions: CommentConventions = {}): AttachedComment | undefined {
  let first = line;
  while (first > 0 && source.kinds[first - 1] === 'comment') first--;
  if (first === line) return undefined;
  const blockStart = source.offsetOfLine(first);
  const blockEnd = source.offsetOfLine(line);
  // Inner docs (`//!`, `/*!` in Rust) describe the enclosing item, not the code below them.
  const comments = source.commentsStartingIn(blockStart, blockEnd).filter((c) => !(conventions.innerDocs && isInnerDoc(source.text, c)));
  if (comments.length === 0) return undefined;
  const raw = comments.map((c) => source.text.slice(c.start, c.end));
  // The doc comment wins over plain comments beside it (`/** … */` then `// eslint-disable-next-line`).
  const docs = raw.filter((r) => DOC_OPENER.test(r));
  const kind = docs.length > 0 || conventions.lineCommentsAreDocs ? 'doc-comment' : 'line-comment';
  const text = describingText(docs.length > 0 ? docs : raw, kind);
  return text === undefined ? undefined : { text, kind, firstLine: source.lineOf(comments[0].start) };
}

/** The comments' text without markers and directives; undefined when nothing describing is left. */
export function describingText(comments: readonly string[], kind: AttachedComment['kind']): string | undefined {
  const lines = comments.flatMap(cleanComment).filter((l) => !DIRECTIVE.test(l.trim()));
  const text = dedent(lines).join('\n').trim();
  if (!isDescriptive(text)) return undefined;
  if (kind === 'line-comment' && (NOT_A_DESCRIPTION.test(text) || looksLikeCode(lines))) return undefined;
  return text;
}

/** A comment's lines without its markers (`//`, `#`, `/**`, ` * `, `*\/`). */
export function cleanComment(comment: string): string[] {
  if (/^(\/\/|#)/.test(comment)) return [comment.replace(/^(\/\/[/!]?|#+!?)\s?/, '')];
  // Markers stripped by hand, not by a regular expression: a banner of thousands of stars stays linear.
  let end = comment.endsWith('*/') ? comment.length - 2 : comment.length;
  while (end > 2 && comment[end - 1] === '*') end--;
  const body = comment.slice(/^\/\*[*!]?/.exec(comment)?.[0].length ?? 0, Math.max(end, 2));
  const lines = body.split('\n').map((l) => l.trimEnd());
  const inner = lines.slice(1).filter((l) => l.trim() !== '');
  const starred = inner.length > 0 && inner.every((l) => /^\s*\*/.test(l));
  const rest = lines.slice(1);
  return [lines[0].trim(), ...(starred ? rest.map((l) => l.replace(/^\s*\*\s?/, '')) : withoutCommonIndent(rest))];
}

/** Lines without the leading whitespace all their non-empty lines share. */
export function withoutCommonIndent(lines: readonly string[]): string[] {
  // A fold, not Math.min(...indents): a docstring of 300k lines (600 KB, within the size cap) overflows the stack as arguments.
  const common = lines.reduce((min, l) => (l.trim() === '' ? min : Math.min(min, /^[ \t]*/.exec(l)![0].length)), Infinity);
  return lines.map((l) => l.slice(common === Infinity ? 0 : common).trimEnd());
}

/** At least two words of letters: `// x` or a lone tag says nothing about the code. */
export function isDescriptive(text: string): boolean {
  return (text.match(/\p{L}{2,}/gu) ?? []).length >= 2;
}

function looksLikeCode(lines: readonly string[]): boolean {
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  return nonEmpty.filter((l) => CODE_LIKE.test(l.trim())).length * 2 >= nonEmpty.length;
}

/** Lines without their common leading whitespace and without leading or trailing empty lines. */
export function dedent(lines: readonly string[]): string[] {
  const out = withoutCommonIndent(lines);
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** Rust's `//!` and `/*!`: documentation of the enclosing module, written inside it. */
export function isInnerDoc(text: string, comment: Span): boolean {
  return text.startsWith('//!', comment.start) || text.startsWith('/*!', comment.start);
}
