/** (code, text) pairs from code units, and dropping exact repeats of a pair. */
import { createHash } from 'node:crypto';
import type { CodeTextPair, CodeUnit } from './types';

/** One pair per unit that has a describing text; the code without a docstring it holds. */
export function pairsOfUnits(units: readonly CodeUnit[]): CodeTextPair[] {
  return units.flatMap((unit) =>
    unit.doc === undefined || unit.docKind === undefined
      ? []
      : [{ file: unit.file, language: unit.language, kind: unit.docKind, line: unit.startLine, code: unit.codeWithoutDoc ?? unit.code, text: unit.doc }],
  );
}

/** Keeps the first of every exact (code, text) repeat; what was seen carries over between calls.
 *  Pairs are remembered by a hash, so a large workspace's code is not held twice. */
export class PairDeduplicator {
  private readonly seen = new Set<string>();
  duplicates = 0;

  keep(pairs: readonly CodeTextPair[]): CodeTextPair[] {
    return pairs.filter((pair) => {
      const key = createHash('sha256').update(pair.code).update('\u0000').update(pair.text).digest('base64');
      if (this.seen.has(key)) {
        this.duplicates++;
        return false;
      }
      this.seen.add(key);
      return true;
    });
  }
}
