/**
 * NEZHA's functional relative position encoding, as transformers' NezhaRelativePositionsEncoding
 * and NezhaSelfAttention define it: the distance j − i from query i to key j, clipped to
 * ±max_relative_position and shifted by it, picks a row r of a fixed sinusoid table
 * (sin(r·ω_k) in even columns, cos(r·ω_k) in odd, ω_k = 10000^(−2k/D)); that (T, T, D) tensor is
 * added to the keys in the scores and to the values in the context, in every head and layer.
 * Legend: B batch, H heads, T tokens, D head size, K max_relative_position.
 */
import { type GraphBuilder, typedFrom, type Value } from '../../graph';
import type { AttendFn } from '../bert/model';
import type { NezhaConfig } from '../configs';

/** The sinusoid table (2K + 1, D), row r for clipped distance r − K, as HF builds it. */
export function relativeSinusoidTable(maxRelative: number, depth: number): number[][] {
  if (depth % 2 !== 0) throw new Error(`NEZHA: relative positions need an even head size, got ${depth}`);
  return Array.from({ length: 2 * maxRelative + 1 }, (_, r) =>
    Array.from({ length: depth }, (_, c) => {
      const angle = r * Math.exp(2 * Math.floor(c / 2) * (-Math.log(10000) / depth));
      return c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }),
  );
}

/** clip(j − i, −K, K) + K for query i, key j: the table row of each pair. */
// input ids (B, T) → (T, T) int64
function relativeIndex(g: GraphBuilder, inputIds: Value, cfg: NezhaConfig): Value {
  const K = cfg.max_relative_position;
  const T = inputIds.shape[1];
  if (typeof T === 'number') {
    // HF precomputes the encoding for max_position_embeddings tokens; longer inputs do not fit it.
    if (T > cfg.max_position_embeddings) throw new Error(`NEZHA: ${T} tokens do not fit max_position_embeddings = ${cfg.max_position_embeddings}`);
    const rows = Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => Math.min(Math.max(j - i, -K), K) + K));
    return g.constant({ dtype: 'int64', shape: [T, T], data: typedFrom('int64', rows.flat()) }, 'relative_index');
  }
  const steps = g.range(g.scalar(0, 'int64'), g.gather(g.shape(inputIds), g.scalar(1, 'int64')), g.scalar(1, 'int64')); // (T,)
  const distance = g.sub(g.unsqueeze(steps, [0]), g.unsqueeze(steps, [1])); // [i, j] = j − i
  return g.add(g.min(g.max(distance, -K), K), K);
}

/** The attention of every NEZHA layer: scores (q·(k + r)ᵀ)·scale, context p·(v + r), r the shared (T, T, D) encoding. */
export function nezhaAttention(g: GraphBuilder, inputIds: Value, cfg: NezhaConfig, dtype: 'float32' | 'float64'): AttendFn {
  const D = cfg.hidden_size / cfg.num_attention_heads;
  const table = relativeSinusoidTable(cfg.max_relative_position, D);
  const tableValue = g.constant({ dtype, shape: [table.length, D], data: typedFrom(dtype, table.flat()) }, 'relative_sinusoids');
  const relative = g.gather(tableValue, relativeIndex(g, inputIds, cfg)); // (T, T, D)
  const relativeT = g.transpose(relative, [0, 2, 1]); // (T, D, T)
  return (q, k, v, scale, bias, dropProbs) => {
    // Query i meets its own row of encodings: (B, H, T, 1, D) @ (T, D, T) → (B, H, T, 1, T).
    const positional = g.squeeze(g.matmul(g.unsqueeze(q, [3]), relativeT), [3]); // (B, H, T, T)
    let scores = g.mul(g.add(g.matmul(q, g.transpose(k, [0, 1, 3, 2])), positional), scale);
    if (bias) scores = g.add(scores, bias);
    const probs = g.softmax(scores, -1); // (B, H, T, T)
    const used = dropProbs ? dropProbs(probs) : probs;
    const fromValues = g.matmul(used, v); // (B, H, T, D)
    const fromPositions = g.squeeze(g.matmul(g.unsqueeze(used, [3]), relative), [3]); // (B, H, T, 1, T) @ (T, T, D) → (B, H, T, D)
    return { context: g.add(fromValues, fromPositions), probs };
  };
}
