/**
 * Scaled dot-product attention over split heads, and the additive masks it uses.
 * Legend: B batch, H heads, T/Tq query length, Tk key length, D head size, C = H·D width.
 */
import type { GraphBuilder, Value } from '../graph';

/** Added to a score to give it zero attention weight (exp underflows to exactly 0). */
export const MASKED = -1e9;

// (B, T, C) → (B, H, T, D), or without the batch dim (T, C) → (H, T, D)
export function splitHeads(g: GraphBuilder, x: Value, heads: number): Value {
  const width = x.shape[x.shape.length - 1] as number;
  return x.shape.length === 2
    ? g.transpose(g.reshape(x, [0, heads, width / heads]), [1, 0, 2])
    : g.transpose(g.reshape(x, [0, 0, heads, width / heads]), [0, 2, 1, 3]);
}

// (B, H, T, D) → (B, T, C), or (H, T, D) → (T, C)
export function mergeHeads(g: GraphBuilder, x: Value): Value {
  const rank = x.shape.length;
  const width = (x.shape[rank - 3] as number) * (x.shape[rank - 1] as number);
  return rank === 3
    ? g.reshape(g.transpose(x, [1, 0, 2]), [0, width])
    : g.reshape(g.transpose(x, [0, 2, 1, 3]), [0, 0, width]);
}

/** x with its last two axes swapped (kᵀ for any number of leading batch/head axes). */
function swapLastTwo(g: GraphBuilder, x: Value): Value {
  const perm = x.shape.map((_, i) => i);
  perm.push(...perm.splice(-2).reverse());
  return g.transpose(x, perm);
}

export interface AttentionResult {
  context: Value; // (B, H, Tq, D)
  probs: Value; // (B, H, Tq, Tk)
}

/**
 * softmax(q·kᵀ·scale + bias)·v. `bias` broadcasts to (B, H, Tq, Tk) and carries causal and
 * padding masks (and T5's relative position bias). `dropProbs` is applied to the weights before
 * they mix the values (BERT's attention_probs_dropout_prob); `probs` stays the undropped map.
 */
export function attend(g: GraphBuilder, q: Value, k: Value, v: Value, scale: number, bias?: Value, dropProbs?: (probs: Value) => Value): AttentionResult {
  let scores = g.matmul(q, swapLastTwo(g, k)); // (B, H, Tq, Tk)
  if (scale !== 1) scores = g.mul(scores, scale);
  if (bias) scores = g.add(scores, bias);
  const probs = g.softmax(scores, -1);
  return { context: g.matmul(dropProbs ? dropProbs(probs) : probs, v), probs };
}

/**
 * Attention over a fixed-capacity key/value cache read in place, plus the T new keys/values,
 * for our own runtime's decoder. Nothing of size S is copied: no Concat of past and new, and the
 * keys' Transpose is one ORT folds into its FusedMatMul (transB, checked in the profile: no
 * Transpose of size S runs), so a token's cost grows only with the attention arithmetic itself.
 * `bias` (…, T, S + T) masks the unused cache slots and the future new tokens. The leading
 * (batch) axis is optional: the batch-1 decoder runs on (H, T, D) and (H, S, D).
 */
// q, k, v (B, H, T, D); cache (B, H, S, D) → context (B, H, T, D), probs (B, H, T, S + T)
export function attendWithCache(g: GraphBuilder, q: Value, k: Value, v: Value, cache: { key: Value; value: Value }, scale: number, bias: Value, capacity = cacheCapacity(g, cache.key)): AttentionResult {
  const last = q.shape.length - 1;
  const dot = (keys: Value) => g.mul(g.matmul(q, swapLastTwo(g, keys)), scale); // ORT: FusedMatMul(transB, alpha)
  const scores = g.add(g.concat([dot(cache.key), dot(k)], last), bias);
  const probs = g.softmax(scores, -1); // (B, H, T, S + T)
  const fromCache = g.slice(probs, g.ints([0]), capacity, [last]); // (B, H, T, S)
  const fromNew = g.slice(probs, capacity, g.ints([2 ** 31 - 1]), [last]); // (B, H, T, T)
  return { context: g.add(g.matmul(fromCache, cache.value), g.matmul(fromNew, v)), probs };
}

/** (1,) int64: S of a cache (…, H, S, D); computed once and shared by every layer. */
export function cacheCapacity(g: GraphBuilder, cacheKey: Value): Value {
  const axis = cacheKey.shape.length - 2;
  return g.slice(g.shape(cacheKey), [axis], [axis + 1], [0]);
}

/** Static causal mask (Tq, Tk): query i (the last Tq of Tk positions) sees keys ≤ its own position. */
export function causalBias(g: GraphBuilder, queryLength: number, keyLength: number, dtype: 'float32' | 'float64'): Value {
  const offset = keyLength - queryLength;
  const data = dtype === 'float32' ? new Float32Array(queryLength * keyLength) : new Float64Array(queryLength * keyLength);
  for (let i = 0; i < queryLength; i++) {
    for (let j = i + offset + 1; j < keyLength; j++) data[i * keyLength + j] = MASKED;
  }
  return g.constant({ dtype, shape: [queryLength, keyLength], data }, 'causal_bias');
}

/**
 * Causal mask built at run time from the lengths of q (B, H, Tq, D) and k (B, H, Tk, D),
 * for inference graphs whose lengths (and KV-cache past) vary from call to call.
 */
export function dynamicCausalBias(g: GraphBuilder, q: Value, k: Value): Value {
  const qLen = g.gather(g.shape(q), g.scalar(2, 'int64')); // scalar Tq
  const kLen = g.gather(g.shape(k), g.scalar(2, 'int64')); // scalar Tk
  const one = g.scalar(1, 'int64');
  const queryPos = g.range(g.sub(kLen, qLen), kLen, one); // (Tq,) absolute positions
  const keyPos = g.range(g.scalar(0, 'int64'), kLen, one); // (Tk,)
  const visible = g.not(g.greater(g.unsqueeze(keyPos, [0]), g.unsqueeze(queryPos, [1]))); // (Tq, Tk)
  return g.where(visible, g.scalar(0, q.dtype), g.scalar(MASKED, q.dtype));
}

/** attention_mask (B, Tk) of 1 (keep) / 0 (padding) → additive bias (B, 1, 1, Tk). */
export function paddingBias(g: GraphBuilder, attentionMask: Value, dtype: 'float32' | 'float64'): Value {
  const keep = g.cast(attentionMask, dtype);
  return g.unsqueeze(g.mul(g.sub(1, keep), MASKED), [1, 2]);
}
