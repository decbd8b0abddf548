/**
 * How far a piece of code reaches, on the blanked code of source.ts (so braces in strings,
 * template literals, char literals and comments do not count): the end of a declaration's
 * header, and the extent of a commented block of statements (brackets.ts matches brackets).
 */
import { CLOSE, OPEN } from './brackets';
import type { Source } from './source';

/** A declaration's header (from its name to its body) is never longer than this. */
export const MAX_HEADER_CHARS = 4000;

/**
 * The first `{` or `;` outside parentheses and square brackets from `from` on, or -1 for neither
 * within MAX_HEADER_CHARS.
 * `angles`: outside angle brackets too, for a header's return type (`): Promise<{ a: T }> {`);
 * the `>` of `=>` and `->` closes none.
 */
export function headerEnd(code: string, from: number, angles = false): { at: number; char: string } {
  let depth = 0;
  for (let i = from; i < code.length && i < from + MAX_HEADER_CHARS; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || (angles && c === '<')) depth++;
    else if (c === ')' || c === ']' || (angles && c === '>' && code[i - 1] !== '=' && code[i - 1] !== '-')) depth--;
    else if (depth <= 0 && (c === '{' || c === ';')) return { at: i, char: c };
    if (depth < 0) return { at: i, char: c };
  }
  return { at: -1, char: '' };
}

/** Net bracket depth change of a line of blanked code. */
function bracketDelta(line: string): number {
  let delta = 0;
  for (const c of line) {
    if (OPEN.includes(c)) delta++;
    else if (CLOSE.includes(c)) delta--;
  }
  return delta;
}

/** Statements a comment block describes are at most this long; longer ones are cut there. */
export const MAX_BLOCK_LINES = 40;

/**
 * The last line (0-based) of the statements starting at `first` that a comment above them
 * describes: they run to a blank line, a comment line, or a line indented less than `first` —
 * except inside brackets opened on the way (and, with `indentBlocks`, Python's deeper-indented
 * bodies), which always run to their end.
 */
export function blockEnd(source: Source, first: number, indentBlocks: boolean): number {
  const indent = source.indentOf(first);
  let depth = 0;
  let last = first;
  for (let i = first; i < source.lineCount && i < first + MAX_BLOCK_LINES; i++) {
    const kind = source.kinds[i];
    if (i > first && depth <= 0) {
      const deeper = indentBlocks && indentOfNextCode(source, i) > indent;
      if (!deeper && (kind !== 'code' || source.indentOf(i) < indent)) break;
    }
    depth += bracketDelta(source.codeLines[i]);
    if (kind === 'code') last = i;
  }
  return last;
}

/** Indentation of the first code line from `line` on; -1 when there is none. */
function indentOfNextCode(source: Source, line: number): number {
  for (let i = line; i < source.lineCount; i++) if (source.kinds[i] === 'code') return source.indentOf(i);
  return -1;
}
