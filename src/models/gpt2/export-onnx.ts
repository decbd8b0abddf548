/**
 * The GPT-2 inference graph for `onnx/model.onnx`, in the layout Hugging Face Optimum exports
 * and transformers.js feeds: dynamic batch and lengths, a KV cache, and the attention
 * probabilities of every layer as extra outputs `decoder_attentions.{i}` (B, H, T, P+T).
 */
import { GraphBuilder, writeOnnx, type Dim, type Value } from '../../graph';
import { ConstantParams, type Weights } from '../../nn/params';
import type { Gpt2Config } from '../configs';
import { buildGpt2 } from './model';
import { buildGpt2ForSequenceClassification } from './classify';

/** The names of each layer's cache tensors: `<prefix>.<i>.key` and `<prefix>.<i>.value`. */
export interface LayerKvNames {
  key: (layer: number) => string;
  value: (layer: number) => string;
}

function layerKvNames(prefix: string): LayerKvNames {
  return { key: (i) => `${prefix}.${i}.key`, value: (i) => `${prefix}.${i}.value` };
}

/** Graph names shared by the exporter, our runtime and transformers.js. */
export const decoderNames = {
  inputIds: 'input_ids',
  attentionMask: 'attention_mask',
  positionIds: 'position_ids',
  logits: 'logits',
  past: layerKvNames('past_key_values'),
  present: layerKvNames('present'),
  attention: (i: number) => `decoder_attentions.${i}`,
};

/** One float32 input per layer's key and value, all of `shape`, in the order key 0, value 0, key 1, … */
function cacheInputs(g: GraphBuilder, layers: number, names: LayerKvNames, shape: Dim[]): { key: Value; value: Value }[] {
  return Array.from({ length: layers }, (_, i) => ({ key: g.input(names.key(i), 'float32', shape), value: g.input(names.value(i), 'float32', shape) }));
}

/** Each layer's new key and value as outputs named by `names`, in the same order. */
function cacheOutputs(g: GraphBuilder, present: readonly { key: Value; value: Value }[], names: LayerKvNames, options?: { rename?: boolean }): void {
  present.forEach((p, i) => {
    g.output(p.key, names.key(i), options);
    g.output(p.value, names.value(i), options);
  });
}

export function exportGpt2Onnx(cfg: Gpt2Config, weights: Weights): Uint8Array {
  const n = decoderNames;
  const g = new GraphBuilder('gpt2');
  const headSize = cfg.n_embd / cfg.n_head;
  // 'batch_size' is the symbol transformers.js resolves when it creates the empty first cache.
  const inputIds = g.input(n.inputIds, 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input(n.attentionMask, 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input(n.positionIds, 'int64', ['batch_size', 'sequence_length']);
  const past = cacheInputs(g, cfg.n_layer, n.past, ['batch_size', cfg.n_head, 'past_sequence_length', headSize]);
  const out = buildGpt2(g, new ConstantParams(g, weights), cfg, { inputIds, positionIds, attentionMask, past });
  g.output(out.logits, n.logits);
  cacheOutputs(g, out.present, n.present);
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
  cache: layerKvNames('cache'),
  new: layerKvNames('new'),
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
  const cache = cacheInputs(g, cfg.n_layer, n.cache, [cfg.n_head, 'capacity', headSize]);
  const out = buildGpt2(g, new ConstantParams(g, weights), cfg, { inputIds, positionIds, cache, cacheBias });
  // Renamed in place rather than copied through Identity nodes (our graph, no names to keep).
  g.output(out.logits, n.logits, { rename: true });
  cacheOutputs(g, out.present, n.new, { rename: true });
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
