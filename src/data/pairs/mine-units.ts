/** The code units of one file, by the scanner of its language family. */
import { C_LIKE_LANGUAGES } from './c-like-languages';
import { cLikeUnits } from './c-like-units';
import { markdownUnits } from './markdown-units';
import { pythonUnits } from './python-units';
import type { CodeUnit, PairLanguage } from './types';
import { toCodeUnit, type FoundUnit } from './unit-build';

/**
 * Functions, methods, classes, tests, commented blocks and Markdown sections/code blocks of one
 * file, in line order, each with the text that describes it when there is one. `file` is the
 * path recorded in the units (relative to the mined root, with '/').
 */
export function mineUnits(file: string, text: string, language: PairLanguage): CodeUnit[] {
  const normalized = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const found = findUnits(normalized, language);
  // Lines only: the scanners' lexing is not needed again to slice them.
  const lines = normalized.split('\n');
  return found.map((unit) => toCodeUnit(file, language, lines, unit)).filter((u) => u.code.trim() !== '');
}

function findUnits(text: string, language: PairLanguage): FoundUnit[] {
  switch (language) {
    case 'python':
      return pythonUnits(text);
    case 'markdown':
      return markdownUnits(text);
    default:
      return cLikeUnits(text, C_LIKE_LANGUAGES[language]);
  }
}
