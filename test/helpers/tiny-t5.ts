/** Tiny T5 configurations, weights and a direct (no-export) reference run, for tests. */
import { GraphBuilder, writeOnnx, type TensorData } from '../../src/graph';
import { buildT5, t5ParamSpecs } from '../../src/models/t5/model';
import { ConstantParams, initialWeights, type Weights } from '../../src/nn/params';
import { RuntimeSession } from '../../src/runtime';
import { T5_DEFAULTS, t5FeedForward, type T5Config } from '../../src/models/configs';

export function tinyT5Config(overrides: Partial<T5Config> = {}): T5Config {
  const cfg: T5Config = {
    ...T5_DEFAULTS,
    architectures: ['T5ForConditionalGeneration'],
    vocab_size: 13,
    d_model: 8,
    d_kv: 4,
    d_ff: 16,
    num_layers: 2,
    num_decoder_layers: 2,
    num_heads: 2,
    relative_attention_num_buckets: 8,
    relative_attention_max_distance: 16,
    dropout_rate: 0,
    decoder_start_token_id: 0,
    ...overrides,
  };
  return { ...cfg, ...(t5FeedForward(cfg.feed_forward_proj) as Pick<T5Config, 'dense_act_fn' | 'is_gated_act'>) };
}

/** HF-initialised random weights for `cfg` (float32). */
export function tinyT5Weights(cfg: T5Config, seed = 1): Weights {
  return initialWeights(t5ParamSpecs(cfg), seed);
}

export interface Seq2SeqBatch {
  inputIds: number[][]; // (B, S)
  attentionMask: number[][]; // (B, S)
  decoderInputIds: number[][]; // (B, T)
}

const int64 = (rows: number[][]): TensorData => ({ dtype: 'int64', shape: [rows.length, rows[0].length], data: BigInt64Array.from(rows.flat(), BigInt) });

/**
 * The whole model as one static-shape graph built straight from `weights` (the training code
 * path, no export, no cache): logits and every attention map, for comparisons.
 */
export async function directT5Outputs(cfg: T5Config, weights: Weights, batch: Seq2SeqBatch): Promise<Record<string, TensorData>> {
  const g = new GraphBuilder('t5_direct');
  const ids = (name: string, rows: number[][]) => g.input(name, 'int64', [rows.length, rows[0].length]);
  const out = buildT5(g, new ConstantParams(g, weights), cfg, {
    inputIds: ids('input_ids', batch.inputIds),
    attentionMask: ids('attention_mask', batch.attentionMask),
    decoderInputIds: ids('decoder_input_ids', batch.decoderInputIds),
  });
  g.output(out.logits, 'logits');
  out.encoderAttentions.forEach((a, i) => g.output(a, `encoder_attentions.${i}`));
  out.attentions.forEach((a, i) => g.output(a, `decoder_attentions.${i}`));
  out.crossAttentions.forEach((a, i) => g.output(a, `cross_attentions.${i}`));
  const session = await RuntimeSession.create(writeOnnx(g.graph));
  try {
    return await session.run({ input_ids: int64(batch.inputIds), attention_mask: int64(batch.attentionMask), decoder_input_ids: int64(batch.decoderInputIds) });
  } finally {
    await session.release();
  }
}

/** max |a − b| over two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
