/**
 * Shared last steps of every scanner: a unit from 0-based line ranges, a test's name in words,
 * and the pass that turns functions inside classes into methods and drops what a language
 * cannot have (a C function inside a function is a macro call followed by a block).
 */
import type { CodeUnit, PairKind, PairLanguage, UnitKind } from './types';

export interface FoundUnit {
  kind: UnitKind;
  name: string;
  /** 0-based, inclusive. */
  firstLine: number;
  lastLine: number;
  doc?: { text: string; kind: PairKind };
  /** The unit's code when it is not its lines as they stand (a code block indented in a Markdown list). */
  code?: string;
  /** The unit's code with its docstring taken out (Python), for pairs. */
  codeWithoutDoc?: string;
}

/** `lines`: the file's lines, as the scanner's line numbers count them. */
export function toCodeUnit(file: string, language: PairLanguage, lines: readonly string[], found: FoundUnit): CodeUnit {
  const unit: CodeUnit = {
    file,
    language,
    kind: found.kind,
    name: found.name,
    startLine: found.firstLine + 1,
    endLine: found.lastLine + 1,
    code: (found.code ?? lines.slice(found.firstLine, found.lastLine + 1).join('\n')).trimEnd(),
  };
  if (found.doc) {
    unit.doc = found.doc.text;
    unit.docKind = found.doc.kind;
  }
  if (found.codeWithoutDoc !== undefined) unit.codeWithoutDoc = found.codeWithoutDoc;
  return unit;
}

/** `test_parses_empty_input` / `TestParsesEmptyInput` → "parses empty input"; '' when only the prefix. */
export function testNameInWords(name: string): string {
  return name
    .replace(/^(test_?|Test_?)/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Units inside more enclosing units than this are dropped: every unit holds its body's text, so
 *  a file of thousands of nested definitions would otherwise hold its text thousands of times. */
export const MAX_NESTING = 8;

/**
 * Sorts units by position and settles kinds by what encloses them: a function directly inside a
 * class is a method; where `nestedFunctions` is false, a function inside a function is dropped.
 */
export function settleNesting(units: FoundUnit[], nestedFunctions: boolean): FoundUnit[] {
  units.sort((a, b) => a.firstLine - b.firstLine || b.lastLine - a.lastLine);
  const open: FoundUnit[] = [];
  const kept: FoundUnit[] = [];
  for (const unit of units) {
    while (open.length && open[open.length - 1].lastLine < unit.firstLine) open.pop();
    const enclosing = [...open].reverse().find((u) => u.kind !== 'block');
    if (unit.kind === 'function' && enclosing?.kind === 'class') unit.kind = 'method';
    const insideFunction = enclosing !== undefined && (enclosing.kind === 'function' || enclosing.kind === 'method');
    if (!nestedFunctions && insideFunction && unit.kind !== 'block' && unit.kind !== 'test') continue;
    if (open.length >= MAX_NESTING) continue;
    kept.push(unit);
    if (unit.kind !== 'block') open.push(unit);
  }
  return kept;
}
