/**
 * Choosing the next token from logits: greedy, temperature, top-k, top-p (nucleus) and the
 * repetition penalty, with the same semantics as Hugging Face generation.
 */
import { Rng } from '../util/rng';

export interface SamplingOptions {
  /** 0 (default) = greedy argmax. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 = off). */
  topK?: number;
  /** Keep the smallest set of tokens whose probability sum reaches p (1 = off). */
  topP?: number;
  /** > 1 discourages tokens already present (CTRL-style, as in HF). */
  repetitionPenalty?: number;
}

export function applyRepetitionPenalty(logits: Float32Array, seen: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(seen)) {
    const x = logits[id];
    logits[id] = x > 0 ? x / penalty : x * penalty;
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Softmax probabilities of `logits / temperature`. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const p = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    p[i] = Math.exp((logits[i] - max) / temperature);
    sum += p[i];
  }
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}

export function sampleToken(logits: Float32Array, options: SamplingOptions, rng: Rng): number {
  const temperature = options.temperature ?? 0;
  if (temperature <= 0) return argmax(logits);
  const probs = softmax(logits, temperature);
  let candidates = [...probs.keys()].sort((a, b) => probs[b] - probs[a]);
  if (options.topK && options.topK > 0) candidates = candidates.slice(0, options.topK);
  const topP = options.topP ?? 1;
  if (topP < 1) {
    let cumulative = 0;
    const kept: number[] = [];
    for (const id of candidates) {
      kept.push(id);
      cumulative += probs[id];
      if (cumulative >= topP) break;
    }
    candidates = kept;
  }
  const total = candidates.reduce((s, id) => s + probs[id], 0);
  let r = rng.next() * total;
  for (const id of candidates) {
    r -= probs[id];
    if (r <= 0) return id;
  }
  return candidates[candidates.length - 1];
}
