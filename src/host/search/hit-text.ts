// How a search hit and a ranking read in the quick pick and the Search Results view: where the
// unit is, and how its score was made (cosine, BM25 and the hybrid weighting) so that the user
// can see why it ranks where it does. Plain text only.
import type { SearchHit, SearchOptions } from '../../search/protocol';

/** "parseConfig"; a unit without a name reads as its kind in brackets. */
export function hitName(hit: SearchHit): string {
  return hit.unit.name || `(${hit.unit.kind})`;
}

/** "parseConfig — src/config.ts:12". */
export function hitTitle(hit: SearchHit): string {
  return `${hitName(hit)} — ${hitLocation(hit)}`;
}

/** "src/config.ts:12". */
export function hitLocation(hit: SearchHit): string {
  return `${hit.unit.file}:${hit.unit.startLine}`;
}

/** "score 0.812 · cosine 0.74 · BM25 3.21": the parts of the score the hit has. */
export function scoreBreakdown(hit: SearchHit): string {
  const parts = [`score ${hit.score.toFixed(3)}`];
  if (hit.cosine !== undefined) parts.push(`cosine ${hit.cosine.toFixed(3)}`);
  if (hit.bm25 !== undefined) parts.push(`BM25 ${hit.bm25.toFixed(2)}`);
  return parts.join(' · ');
}

/** "hybrid: 50% encoder cosine + 50% BM25, each normalised over the candidates". */
export function describeRanking(options: Required<SearchOptions>): string {
  if (options.mode === 'bm25') return 'BM25 only';
  if (options.mode === 'encoder') return 'encoder cosine only';
  const encoder = Math.round(options.encoderWeight * 100);
  return `hybrid: ${encoder}% encoder cosine + ${100 - encoder}% BM25, each normalised over the candidates`;
}
