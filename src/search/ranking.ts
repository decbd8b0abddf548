/**
 * Ranking the index's units for a query: cosine similarity of normalised vectors (a plain dot
 * product per row: 10k × 256 floats takes a few milliseconds on one core), BM25 alone, and the hybrid
 * of both. Hybrid takes the union of the two top-N candidate sets, min–max normalises each score
 * over that union (cosine and BM25 live on different scales: −1…1 and 0…∞), and ranks by
 * `w · norm(cosine) + (1 − w) · norm(bm25)`, w being the encoder's weight. A unit BM25 did not
 * match scores bm25 = 0, which is exactly its BM25 score.
 */
import type { HitScores } from './protocol';
import type { ScoredId } from './bm25';

/** A row of the vector matrix and its scores. */
export interface RankedRow extends HitScores {
  row: number;
}

/** Candidates taken from each side before hybrid re-ranking: enough that the top k are stable. */
export function candidatePoolSize(k: number): number {
  return Math.max(50, 5 * k);
}

/** Scales `v` to unit length in place (a zero vector stays zero); returns it. */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}

/** Dot products of `query` with every row of `vectors` (rows × dim, row-major). */
export function cosineScores(vectors: Float32Array, dim: number, query: Float32Array): Float32Array {
  const rows = dim === 0 ? 0 : vectors.length / dim;
  const scores = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    const base = r * dim;
    for (let i = 0; i < dim; i++) dot += vectors[base + i] * query[i];
    scores[r] = dot;
  }
  return scores;
}

/**
 * Indices of the `n` largest scores, best first (ties: lower index first, so results are stable;
 * NaN counts as lowest). One pass keeping the best n in order: a new entry is inserted only when
 * it beats the n-th, which on 10k rows happens a few hundred times, far cheaper than sorting all.
 */
export function topIndices(scores: ArrayLike<number>, n: number): number[] {
  const best: number[] = [];
  const value = (i: number) => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  for (let i = 0; i < scores.length && n > 0; i++) {
    const v = value(i);
    if (best.length === n && v <= value(best[n - 1])) continue;
    // After every kept entry with a score ≥ v: earlier rows win ties.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (value(best[mid]) >= v) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, i);
    if (best.length > n) best.pop();
  }
  return best;
}

export function rankByCosine(cosines: Float32Array, k: number): RankedRow[] {
  return topIndices(cosines, k).map((row) => ({ row, score: cosines[row], cosine: cosines[row] }));
}

/** BM25 hits, already best first, mapped from unit ids to rows. */
export function rankByBm25(hits: readonly ScoredId[], rowOfId: (id: number) => number | undefined, k: number): RankedRow[] {
  const ranked: RankedRow[] = [];
  for (const hit of hits) {
    const row = rowOfId(hit.id);
    if (row === undefined) continue;
    ranked.push({ row, score: hit.score, bm25: hit.score });
    if (ranked.length === k) break;
  }
  return ranked;
}

/** (x − min) / (max − min) over the candidates; when all are equal the score tells nothing apart: 1 if positive, else 0. */
export function minMaxNormalizer(values: readonly number[]): (x: number) => number {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const range = max - min;
  return range > 0 ? (x) => (x - min) / range : (x) => (x > 0 ? 1 : 0);
}

export interface HybridInput {
  cosines: Float32Array;
  bm25: readonly ScoredId[];
  rowOfId: (id: number) => number | undefined;
  encoderWeight: number;
  k: number;
}

export function rankHybrid({ cosines, bm25, rowOfId, encoderWeight, k }: HybridInput): RankedRow[] {
  const pool = candidatePoolSize(k);
  const bm25ByRow = new Map<number, number>();
  for (const hit of bm25) {
    const row = rowOfId(hit.id);
    if (row !== undefined) bm25ByRow.set(row, hit.score);
  }
  const candidates = new Set<number>(topIndices(cosines, pool));
  for (const row of [...bm25ByRow.keys()].slice(0, pool)) candidates.add(row);
  const rows = [...candidates];
  if (rows.length === 0) return [];
  const cosineOf = (row: number) => cosines[row];
  const bm25Of = (row: number) => bm25ByRow.get(row) ?? 0;
  const normCosine = minMaxNormalizer(rows.map(cosineOf));
  const normBm25 = minMaxNormalizer(rows.map(bm25Of));
  const ranked = rows.map((row) => ({
    row,
    score: encoderWeight * normCosine(cosineOf(row)) + (1 - encoderWeight) * normBm25(bm25Of(row)),
    cosine: cosineOf(row),
    bm25: bm25Of(row),
  }));
  ranked.sort((a, b) => b.score - a.score || a.row - b.row);
  return ranked.slice(0, k);
}
