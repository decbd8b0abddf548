/**
 * SpanBERT's span-boundary objective (Joshi et al. 2020, §3.2) on BERT: every token x_i of a
 * masked span (s … e) is predicted again from the encoder states at the span's two boundaries,
 * x_{s−1} and x_{e+1}, and a relative position embedding p_{i−s+1}:
 * y_i = LayerNorm(GeLU(W₂ · LayerNorm(GeLU(W₁ · [x_{s−1}; x_{e+1}; p_{i−s+1}])))), scored
 * against the (tied) word embeddings. A span is a maximal run of masked positions. The head lives under TRAINING_HEAD_PREFIX: it is trained, then
 * left out of the saved folder, which stays a plain BertForMaskedLM.
 * Legend: B batch, T tokens (static), C width, V vocabulary.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation } from '../../nn/activations';
import { linear } from '../../nn/linear';
import type { ParamSource } from '../../nn/params';
import type { BertConfig } from '../configs';
import { TRAINING_HEAD_PREFIX, type GraphOptions, type LmInputs } from '../family';
import { hfLayerNorm, hfLinear } from '../hf-layers';
import { bertMaskedLmHead } from './heads';
import { bertEncoder } from './model';

const SBO = `${TRAINING_HEAD_PREFIX}sbo`;

export interface SpanBoundaries {
  /** s − 1: the last unmasked position before each position (0 where none). */
  left: Value; // (B, T) int64
  /** e + 1: the first unmasked position after each position (T − 1 where none). */
  right: Value; // (B, T) int64
  /** i − s: 0 for a span's first token (the paper's p₁); 0 at unmasked positions. */
  offset: Value; // (B, T) int64
}

/** The boundaries of the masked spans that `masked` (B, T, 1 = masked) marks, for every position. */
export function spanBoundaries(g: GraphBuilder, masked: Value): SpanBoundaries {
  const T = masked.shape[1];
  if (typeof T !== 'number') throw new Error('span boundaries need a static sequence length');
  const free = g.sub(1, g.cast(masked, 'float32')); // (B, T) 1 = not masked
  const pairs = (weight: (i: number, j: number) => number) =>
    g.constant({ dtype: 'float32', shape: [T, T], data: Float32Array.from({ length: T * T }, (_, n) => weight(Math.floor(n / T), n % T)) });
  // Max over j of free[j]·w[i, j]: w = j + 1 before i finds the nearest free j < i; w = T − j after i the nearest free j > i.
  const nearest = (weight: Value) => g.reduceMax(g.mul(g.unsqueeze(free, [1]), weight), [2], false); // (B, T)
  const leftPlusOne = nearest(pairs((i, j) => (j < i ? j + 1 : 0)));
  const tMinusRight = nearest(pairs((i, j) => (j > i ? T - j : 0)));
  const steps = g.constant({ dtype: 'float32', shape: [T], data: Float32Array.from({ length: T }, (_, i) => i) });
  const left = g.max(g.sub(leftPlusOne, 1), 0);
  const right = g.min(g.sub(T, tMinusRight), T - 1);
  const offset = g.max(g.sub(g.sub(steps, left), 1), 0);
  return { left: g.cast(left, 'int64'), right: g.cast(right, 'int64'), offset: g.cast(offset, 'int64') };
}

/** The rows of `hidden` (B, T, C) at `positions` (B, T): a one-hot (B, T, T) product, differentiable in `hidden`. */
function rowsAt(g: GraphBuilder, hidden: Value, positions: Value): Value {
  const T = hidden.shape[1] as number;
  const columns = g.constant({ dtype: 'int64', shape: [1, 1, T], data: BigInt64Array.from({ length: T }, (_, j) => BigInt(j)) });
  return g.matmul(g.cast(g.equal(g.unsqueeze(positions, [2]), columns), hidden.dtype), hidden);
}

/** The boundary head: hidden (B, T, C) → logits (B, T, V) for every position (only masked ones are scored). */
export function spanBoundaryHead(g: GraphBuilder, params: ParamSource, cfg: BertConfig, hidden: Value, spans: SpanBoundaries): Value {
  const C = cfg.hidden_size;
  const std = cfg.initializer_range;
  const normal = { kind: 'normal', std } as const;
  // Offsets within a span stay below the longest input.
  const positions = params.param(`${SBO}.position_embeddings.weight`, [cfg.max_position_embeddings, C], normal);
  const joined = g.concat([rowsAt(g, hidden, spans.left), rowsAt(g, hidden, spans.right), g.gather(positions, spans.offset)], 2); // (B, T, 3C)
  const layer = (name: string, x: Value, inWidth: number) => hfLayerNorm(g, params, `${SBO}.${name}.LayerNorm`, activation(g, hfLinear(g, params, `${SBO}.${name}.dense`, x, inWidth, C, std), cfg.hidden_act), C, cfg.layer_norm_eps);
  const y = layer('layer2', layer('layer1', joined, 3 * C), C); // (B, T, C)
  // Scored against the word embeddings, as the masked-LM head is, with its own bias.
  const words = params.param('bert.embeddings.word_embeddings.weight', [cfg.vocab_size, C], normal);
  return linear(g, y, words, params.param(`${SBO}.bias`, [cfg.vocab_size], { kind: 'zeros' }), 'out_in');
}

/** BERT pretrained as SpanBERT: encoder, `cls.predictions` and the boundary head on the same states. */
export function buildBertWithSpanBoundary(g: GraphBuilder, params: ParamSource, cfg: BertConfig, inputs: LmInputs & { masked: Value }, options: GraphOptions = {}): { logits: Value; boundaryLogits: Value } {
  const { hidden } = bertEncoder(g, params, cfg, inputs, options);
  const logits = g.scope('cls', () => bertMaskedLmHead(g, params, cfg, hidden));
  const boundaryLogits = g.scope('sbo', () => spanBoundaryHead(g, params, cfg, hidden, spanBoundaries(g, inputs.masked)));
  return { logits, boundaryLogits };
}
