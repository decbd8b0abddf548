/**
 * The GPT-2 inference graph for `onnx/model.onnx`, in the layout Hugging Face Optimum exports
 * and transformers.js feeds: dynamic batch and lengths, a KV cache, and the attention
 * probabilities of every layer as extra outputs `decoder_attentions.{i}` (B, H, T, P+T).
 */
import { GraphBuilder, writeOnnx } from '../../graph';
import { ConstantParams, type Weights } from '../../nn/params';
import type { Gpt2Config } from '../configs';
import { buildGpt2 } from './model';
import { buildGpt2ForSequenceClassification } from './classify';

/** Graph names shared by the exporter, our runtime and transformers.js. */
export const decoderNames = {
  inputIds: 'input_ids',
  attentionMask: 'attention_mask',
  positionIds: 'position_ids',
  logits: 'logits',
  pastKey: (i: number) => `past_key_values.${i}.key`,
  pastValue: (i: number) => `past_key_values.${i}.value`,
  presentKey: (i: number) => `present.${i}.key`,
  presentValue: (i: number) => `present.${i}.value`,
  attention: (i: number) => `decoder_attentions.${i}`,
};

export function exportGpt2Onnx(cfg: Gpt2Config, weights: Weights): Uint8Array {
  const n = decoderNames;
  const g = new GraphBuilder('gpt2');
  const headSize = cfg.n_embd / cfg.n_head;
  // 'batch_size' is the symbol transformers.js resolves when it creates the empty first cache.
  const inputIds = g.input(n.inputIds, 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input(n.attentionMask, 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input(n.positionIds, 'int64', ['batch_size', 'sequence_length']);
  const past = Array.from({ length: cfg.n_layer }, (_, i) => ({
    key: g.input(n.pastKey(i), 'float32', ['batch_size', cfg.n_head, 'past_sequence_length', headSize]),
    value: g.input(n.pastValue(i), 'float32', ['batch_size', cfg.n_head, 'past_sequence_length', headSize]),
  }));
  const out = buildGpt2(g, new ConstantParams(g, weights), cfg, { inputIds, positionIds, attentionMask, past });
  g.output(out.logits, n.logits);
  out.present.forEach((p, i) => {
    g.output(p.key, n.presentKey(i));
    g.output(p.value, n.presentValue(i));
  });
  out.attentions.forEach((a, i) => g.output(a, n.attention(i)));
  return writeOnnx(g.graph, { docString: 'GPT-2 exported by Pretrain Lab' });
}

/** Graph names of our runtime's own decoder (buildGpt2CachedDecoder). */
export const cachedDecoderNames = {
  inputIds: 'input_ids',
  positionIds: 'position_ids',
  /** (T, S + T) additive mask over the S cache slots then the T new tokens. */
  bias: 'cache_bias',
  logits: 'logits',
  cacheKey: (i: number) => `cache.${i}.key`,
  cacheValue: (i: number) => `cache.${i}.value`,
  newKey: (i: number) => `new.${i}.key`,
  newValue: (i: number) => `new.${i}.value`,
};

/**
 * GPT-2 for our own runtime's generation, never written to a model folder: it reads
 * fixed-capacity caches (H, S, D) in place and returns only the T new keys/values (H, T, D), so a
 * token costs the same copies at position 500 as at 10 (the HF-layout graph above concatenates and
 * returns the whole cache every step). Same weights, same math. Batch 1 with the batch axis
 * dropped: the stream is (T, C) rows, which saves two Reshapes per projection (8 per layer).
 */
export function buildGpt2CachedDecoder(cfg: Gpt2Config, weights: Weights): Uint8Array {
  const n = cachedDecoderNames;
  const g = new GraphBuilder('gpt2_cached_decoder');
  const headSize = cfg.n_embd / cfg.n_head;
  const inputIds = g.input(n.inputIds, 'int64', ['sequence_length']);
  const positionIds = g.input(n.positionIds, 'int64', ['sequence_length']);
  const cacheBias = g.input(n.bias, 'float32', ['sequence_length', 'cache_plus_sequence']);
  const cache = Array.from({ length: cfg.n_layer }, (_, i) => ({
    key: g.input(n.cacheKey(i), 'float32', [cfg.n_head, 'capacity', headSize]),
    value: g.input(n.cacheValue(i), 'float32', [cfg.n_head, 'capacity', headSize]),
  }));
  const out = buildGpt2(g, new ConstantParams(g, weights), cfg, { inputIds, positionIds, cache, cacheBias });
  // Renamed in place rather than copied through Identity nodes (our graph, no names to keep).
  g.output(out.logits, n.logits, { rename: true });
  out.present.forEach((p, i) => {
    g.output(p.key, n.newKey(i), { rename: true });
    g.output(p.value, n.newValue(i), { rename: true });
  });
  return writeOnnx(g.graph, { docString: 'GPT-2 decoder with in-place cache (Pretrain Lab runtime only)' });
}

/**
 * `GPT2ForSequenceClassification` for a finetuned classifier's `onnx/model.onnx`: int64
 * `input_ids` and `attention_mask` (batch_size, sequence_length) → `logits` (B, L), positions
 * 0…T-1 as HF uses when it is given none. No cache: a classifier reads each text once.
 */
export function exportGpt2ClassifierOnnx(cfg: Gpt2Config, weights: Weights): Uint8Array {
  const g = new GraphBuilder('gpt2_sequence_classification');
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const length = g.gather(g.shape(inputIds), g.scalar(1, 'int64'));
  const positionIds = g.unsqueeze(g.range(g.scalar(0, 'int64'), length, g.scalar(1, 'int64')), [0]); // (1, T)
  const { logits } = buildGpt2ForSequenceClassification(g, new ConstantParams(g, weights), cfg, { inputIds, attentionMask, positionIds });
  g.output(logits, 'logits');
  return writeOnnx(g.graph, { docString: 'GPT-2 sequence classifier exported by Pretrain Lab' });
}
