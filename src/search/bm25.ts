/**
 * BM25 over the index's units, through MiniSearch (BM25+ scoring, documents added and dropped one
 * by one, no dependencies). Terms come from codeTerms(); no prefix or fuzzy matching, so a score
 * is plain BM25+ summed over the query's terms, times MiniSearch's coordination factor (the
 * number of distinct query terms a unit matched), which favours units matching more of the query.
 */
import MiniSearch from 'minisearch';
import { codeTerms } from './code-terms';

/** Okapi defaults (k1 = 1.2, b = 0.75) with BM25+'s δ = 0.5 floor for a matched term. */
export const BM25_PARAMETERS = { k: 1.2, b: 0.75, d: 0.5 } as const;

export interface ScoredId {
  id: number;
  score: number;
}

interface Bm25Document {
  id: number;
  text: string;
}

/** Terms are already normalised by codeTerms(): MiniSearch must not lower-case or filter them again. */
const keepTerm = (term: string): string => term;

export class Bm25Index {
  private readonly engine = new MiniSearch<Bm25Document>({
    fields: ['text'],
    idField: 'id',
    tokenize: codeTerms,
    processTerm: keepTerm,
    searchOptions: { tokenize: codeTerms, processTerm: keepTerm, combineWith: 'OR', prefix: false, fuzzy: false, bm25: BM25_PARAMETERS },
  });

  get size(): number {
    return this.engine.documentCount;
  }

  add(id: number, text: string): void {
    this.engine.add({ id, text });
  }

  /** Drops a unit by id alone (its text is not needed; MiniSearch cleans up lazily). */
  discard(id: number): void {
    if (this.engine.has(id)) this.engine.discard(id);
  }

  /** Every unit that shares a term with the query, best first; [] when the query has no terms. */
  search(query: string): ScoredId[] {
    if (codeTerms(query).length === 0) return [];
    return this.engine.search(query).map((r) => ({ id: r.id as number, score: r.score }));
  }
}
