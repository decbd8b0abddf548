/**
 * T5 inference graphs in the layout Hugging Face's ONNX exports use and transformers.js v4
 * runs (`encoder_model.onnx` + `decoder_model_merged.onnx`), built from the same model code
 * as training with the weights as initializers. Lengths and batch are dynamic; head counts and
 * head sizes are fixed numbers. Dimension names matter: transformers.js makes the empty
 * first-step cache from the input metadata, reading `batch_size` as the batch and every other
 * named dimension as 0.
 *
 * Cross-attention keys/values: the decoder declares `past_key_values.{i}.encoder.*` and returns
 * `present.{i}.encoder.*` as transformers.js expects, but recomputes them from
 * `encoder_hidden_states` every step (no `use_cache_branch`/If). The cost per step is the same
 * at every position, so the self-attention cache still makes each new token cost the same.
 * Legend: B batch, S encoder length, T new decoder tokens, P past decoder tokens, C d_model,
 * H heads, D d_kv, V vocabulary.
 */
import { GraphBuilder, type Value, writeOnnx } from '../../graph';
import { ConstantParams, type Weights } from '../../nn/params';
import { ONNX_DECODER_MERGED, ONNX_ENCODER } from '../../modelfile/layout';
import type { T5Config } from '../configs';
import { buildT5Decoder, buildT5Encoder } from './model';

export const T5_ONNX = { encoder: ONNX_ENCODER, decoder: ONNX_DECODER_MERGED } as const;

/** Names of the graphs' inputs and outputs, as transformers.js finds them. */
export const t5Names = {
  encoderAttention: (i: number) => `encoder_attentions.${i}`,
  decoderAttention: (i: number) => `decoder_attentions.${i}`,
  crossAttention: (i: number) => `cross_attentions.${i}`,
  past: (i: number, stack: 'decoder' | 'encoder', kv: 'key' | 'value') => `past_key_values.${i}.${stack}.${kv}`,
  present: (i: number, stack: 'decoder' | 'encoder', kv: 'key' | 'value') => `present.${i}.${stack}.${kv}`,
};

const BATCH = 'batch_size';
const ENCODER_LENGTH = 'encoder_sequence_length';

/** (input_ids, attention_mask) → last_hidden_state (B, S, C) and encoder_attentions.{i} (B, H, S, S). */
export function buildT5EncoderGraph(cfg: T5Config, weights: Weights): GraphBuilder {
  const g = new GraphBuilder('t5_encoder');
  const inputIds = g.input('input_ids', 'int64', [BATCH, ENCODER_LENGTH]);
  const attentionMask = g.input('attention_mask', 'int64', [BATCH, ENCODER_LENGTH]);
  const { hidden, attentions } = buildT5Encoder(g, new ConstantParams(g, weights), cfg, { inputIds, attentionMask });
  g.output(hidden, 'last_hidden_state');
  attentions.forEach((a, i) => g.output(a, t5Names.encoderAttention(i)));
  return g;
}

/**
 * (input_ids, encoder_attention_mask, encoder_hidden_states, past_key_values.*) →
 * logits (B, T, V), present.* and decoder_attentions.{i} (B, H, T, P+T), cross_attentions.{i} (B, H, T, S).
 */
export function buildT5DecoderGraph(cfg: T5Config, weights: Weights): GraphBuilder {
  const g = new GraphBuilder('t5_decoder_merged');
  const { num_heads: H, d_kv: D, d_model: C } = cfg;
  const inputIds = g.input('input_ids', 'int64', [BATCH, 'decoder_sequence_length']);
  const encoderAttentionMask = g.input('encoder_attention_mask', 'int64', [BATCH, ENCODER_LENGTH]);
  const encoderHidden = g.input('encoder_hidden_states', 'float32', [BATCH, ENCODER_LENGTH, C]);
  const pastInput = (i: number, stack: 'decoder' | 'encoder', kv: 'key' | 'value'): Value =>
    g.input(t5Names.past(i, stack, kv), 'float32', [BATCH, H, stack === 'decoder' ? 'past_decoder_sequence_length' : 'encoder_sequence_length_out', D]);
  const past = [];
  for (let i = 0; i < cfg.num_decoder_layers; i++) {
    past.push({ key: pastInput(i, 'decoder', 'key'), value: pastInput(i, 'decoder', 'value') });
    // Declared for transformers.js's cache protocol; see the file comment.
    pastInput(i, 'encoder', 'key');
    pastInput(i, 'encoder', 'value');
  }
  const out = buildT5Decoder(g, new ConstantParams(g, weights), cfg, { inputIds, encoderHidden, encoderAttentionMask, past });
  g.output(out.logits, 'logits');
  for (let i = 0; i < cfg.num_decoder_layers; i++) {
    g.output(out.present[i].key, t5Names.present(i, 'decoder', 'key'));
    g.output(out.present[i].value, t5Names.present(i, 'decoder', 'value'));
    g.output(out.crossKeyValues[i].key, t5Names.present(i, 'encoder', 'key'));
    g.output(out.crossKeyValues[i].value, t5Names.present(i, 'encoder', 'value'));
  }
  out.attentions.forEach((a, i) => g.output(a, t5Names.decoderAttention(i)));
  out.crossAttentions.forEach((a, i) => g.output(a, t5Names.crossAttention(i)));
  return g;
}

/** Both ONNX files, keyed by their path in the model folder (for `saveModelFolder`'s `onnx`). */
export function exportT5Onnx(cfg: T5Config, weights: Weights): Record<string, Uint8Array> {
  return {
    [T5_ONNX.encoder]: writeOnnx(buildT5EncoderGraph(cfg, weights).graph),
    [T5_ONNX.decoder]: writeOnnx(buildT5DecoderGraph(cfg, weights).graph),
  };
}
