/**
 * Folders and texts the search-quality bench (bench/search.bench.ts) makes from a code base in
 * data/search/<name>/: copies of chosen files (the training corpus: only the files the split
 * gives to training), a unit's code with its doc comments blanked line for line (the index
 * searches code alone, so a held-out docstring cannot find itself), and the large synthetic copy
 * the query-latency measure indexes (real files repeated, each copy's identifiers renamed, until
 * it holds enough units).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from '../scripts/search-data';

/** JSDoc/TSDoc-style comments; the code bases copied by scripts/search-data.ts are plain JavaScript. */
const DOC_COMMENT = /\/\*\*[\s\S]*?\*\//g;

/** `text` with every doc comment replaced by as many line breaks as it spanned (lines keep their numbers). */
export function blankDocComments(text: string): string {
  return text.replace(DOC_COMMENT, (comment) => '\n'.repeat(comment.split('\n').length - 1));
}

/** Copies `files` (relative, '/' separators) from `from` to `to`, each through `transform`. */
export function copyFiles(from: string, to: string, files: readonly string[], transform: (text: string, file: string) => string = (t) => t): void {
  for (const rel of files) {
    const target = path.join(to, ...rel.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, transform(readFileSync(path.join(from, ...rel.split('/')), 'utf8'), rel));
  }
}

/** Identifiers declared by `function name` or `const|let|var name =`: what a synthetic copy renames. */
export function declaredNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\bfunction\s+([A-Za-z_$][\w$]*)|\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/g)) names.add(m[1] ?? m[2]);
  return [...names];
}

/** `text` with each declared identifier (whole words only) suffixed by `suffix`. */
export function renameDeclared(text: string, suffix: string): string {
  const names = declaredNames(text);
  if (names.length === 0) return text;
  const escaped = names.map((n) => n.replace(/\$/g, '\\$'));
  return text.replace(new RegExp(`(?<![\\w$])(${escaped.join('|')})(?![\\w$])`, 'g'), `$1${suffix}`);
}

/**
 * Writes copies of every file of `sources` (searched copies, docs blanked) under `to/copy-<k>/`,
 * the k-th with its declared identifiers suffixed `_<k>`, until `unitsOf` counts at least
 * `minUnits` units in all. Returns the number of copies.
 */
export function writeSyntheticCopies(sources: readonly string[], to: string, minUnits: number, unitsOfCopy: (dir: string) => number): number {
  let units = 0;
  let copies = 0;
  while (units < minUnits) {
    const dir = path.join(to, `copy-${copies}`);
    for (const source of sources) copyFiles(source, path.join(dir, path.basename(source)), listFiles(source), (text) => (copies === 0 ? text : renameDeclared(text, `_${copies}`)));
    const added = unitsOfCopy(dir);
    if (added === 0) throw new Error(`no units found in ${dir}: nothing to index`);
    units += added;
    copies++;
  }
  return copies;
}
