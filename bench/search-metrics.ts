/**
 * The measures of the semantic-search quality bench (bench/search.bench.ts), kept free of any
 * model or index so that they are unit-tested on their own: the rank of the right unit among a
 * query's hits, MRR@k and recall@k over queries, percentiles for latencies, and the choice of the
 * hybrid weight on validation queries.
 */

/** 1-based rank of `target` among `hitIds` (best first); Infinity when it is not there. */
export function rankOf(hitIds: readonly string[], target: string): number {
  const i = hitIds.indexOf(target);
  return i < 0 ? Infinity : i + 1;
}

export interface RetrievalScores {
  queries: number;
  /** Mean reciprocal rank, counting a rank past `k` as 0. */
  mrr: number;
  /** Share of queries whose target is the first hit. */
  recallAt1: number;
  /** Share of queries whose target is among the first `k` hits. */
  recallAtK: number;
  k: number;
}

/** MRR@k, recall@1 and recall@k of the targets' ranks (one per query; Infinity = not found). */
export function retrievalScores(ranks: readonly number[], k = 10): RetrievalScores {
  if (ranks.length === 0) return { queries: 0, mrr: 0, recallAt1: 0, recallAtK: 0, k };
  let rr = 0;
  let at1 = 0;
  let atK = 0;
  for (const r of ranks) {
    if (!(r >= 1)) throw new Error(`a rank is 1-based, got ${r}`);
    if (r <= k) {
      rr += 1 / r;
      atK++;
    }
    if (r === 1) at1++;
  }
  const n = ranks.length;
  return { queries: n, mrr: rr / n, recallAt1: at1 / n, recallAtK: atK / n, k };
}

/** The p-th percentile (0–100) by linear interpolation between the closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The hybrid weight (the encoder's share) whose MRR on the validation queries is highest; ties
 * go to the weight listed first. `mrrAt` ranks the validation queries at one weight.
 */
export async function pickHybridWeight(weights: readonly number[], mrrAt: (weight: number) => Promise<number>): Promise<{ weight: number; mrr: number; tried: { weight: number; mrr: number }[] }> {
  if (weights.length === 0) throw new Error('no hybrid weights to choose from');
  const tried: { weight: number; mrr: number }[] = [];
  for (const weight of weights) tried.push({ weight, mrr: await mrrAt(weight) });
  const best = tried.reduce((a, b) => (b.mrr > a.mrr ? b : a));
  return { ...best, tried };
}
