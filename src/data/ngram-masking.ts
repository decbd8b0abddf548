/**
 * ALBERT's n-gram masking: the positions a masked LM predicts are chosen as n-grams of
 * consecutive non-special tokens, n ≤ maxN (3), with n drawn from p(n) = (1/n) / Σ_{k≤maxN} 1/k
 * (Lan et al. 2020, §4.1), until maskProbability × (non-special tokens) positions are chosen
 * (the budget rounded stochastically, as in masking.ts). Each n-gram's start is drawn among the
 * places where n free (non-special, unchosen) tokens follow one another, and the last n-gram may
 * overrun the budget by up to n - 1 tokens: redrawing n instead, on a collision or near the end
 * of the budget, would favour short n-grams and bend p(n).
 */
import type { Rng } from '../util/rng';
import type { TokenKinds } from './masking';

/** ALBERT's longest masked n-gram. */
export const ALBERT_MAX_NGRAM = 3;

/** p(n) ∝ 1/n for n = 1…maxN: ALBERT's n-gram length distribution. */
export function ngramLengthProbabilities(maxN = ALBERT_MAX_NGRAM): number[] {
  const weights = Array.from({ length: maxN }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** One n drawn from p(n) ∝ 1/n. */
export function drawNgramLength(rng: Rng, maxN = ALBERT_MAX_NGRAM): number {
  const probabilities = ngramLengthProbabilities(maxN);
  let u = rng.next();
  for (let n = 1; n < maxN; n++) {
    u -= probabilities[n - 1];
    if (u < 0) return n;
  }
  return maxN;
}

/** Flags (1 = chosen) over `tokens`; `spans` (when given) receives each chosen n-gram's length. */
export function chooseNgrams(tokens: ArrayLike<number>, kinds: Pick<TokenKinds, 'isSpecial'>, maskProbability: number, rng: Rng, spans?: number[]): Uint8Array {
  const chosen = new Uint8Array(tokens.length);
  const free = (i: number) => !chosen[i] && !kinds.isSpecial(tokens[i]);
  let candidates = 0;
  for (let i = 0; i < tokens.length; i++) if (!kinds.isSpecial(tokens[i])) candidates++;
  const exact = maskProbability * candidates;
  let budget = Math.floor(exact) + (rng.next() < exact - Math.floor(exact) ? 1 : 0);
  while (budget > 0) {
    const n = drawNgramLength(rng);
    const starts = ngramStarts(tokens.length, n, free);
    // No room left for an n-gram this long (a fragmented short text): the choice ends here.
    if (starts.length === 0) break;
    const start = starts[rng.int(starts.length)];
    chosen.fill(1, start, start + n);
    budget -= n;
    spans?.push(n);
  }
  return chosen;
}

/** Positions where `n` free tokens start, in one pass over a run-length count. */
function ngramStarts(length: number, n: number, free: (i: number) => boolean): number[] {
  const starts: number[] = [];
  let run = 0; // free tokens ending at i
  for (let i = 0; i < length; i++) {
    run = free(i) ? run + 1 : 0;
    if (run >= n) starts.push(i - n + 1);
  }
  return starts;
}
