/**
 * T5 exactly as Hugging Face `T5ForConditionalGeneration` defines it: one token embedding
 * (`shared.weight`) for encoder, decoder and (tied) output; pre-norm blocks with T5 RMS
 * LayerNorm; unscaled attention with a bucketed relative position bias learned in block 0 of
 * each stack and shared by its other blocks; the decoder adds cross-attention to the encoder's
 * output (the Transformer's third attention); tied logits are scaled by d_model^-0.5.
 * Legend: B batch, S encoder length, T decoder tokens this call, P past decoder tokens,
 * C = d_model, H heads, D = d_kv, V vocabulary, NB buckets.
 */
import { GraphBuilder, type Value } from '../../graph';
import { causalBias, dynamicCausalBias, paddingBias } from '../../nn/attention';
import { type Dropout, noDropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import { rmsNorm } from '../../nn/norms';
import { InputParams, type ParamSource, type ParamSpec } from '../../nn/params';
import type { T5Config } from '../configs';
import { attentionSublayer, feedForwardSublayer, type KeyValue, T5Params } from './layers';
import { type BucketRules, biasFromBuckets, dynamicBuckets, staticPositionBias } from './position-bias';

export interface T5BuildOptions {
  dtype?: 'float32' | 'float64';
  dropout?: Dropout;
}

export interface T5EncoderInputs {
  inputIds: Value; // (B, S) int32/int64
  /** (B, S) 1 = real token, 0 = padding. */
  attentionMask?: Value;
}

export interface T5EncoderOutputs {
  hidden: Value; // (B, S, C) last_hidden_state
  attentions: Value[]; // per layer (B, H, S, S)
}

export interface T5DecoderInputs {
  inputIds: Value; // (B, T)
  encoderHidden: Value; // (B, S, C)
  /** (B, S) the encoder's attention_mask: padded encoder tokens get no cross-attention. */
  encoderAttentionMask?: Value;
  /** Per layer self-attention keys/values (B, H, P, D) of earlier steps. */
  past?: KeyValue[];
}

export interface T5DecoderOutputs {
  logits: Value; // (B, T, V)
  attentions: Value[]; // per layer (B, H, T, P+T), causal
  crossAttentions: Value[]; // per layer (B, H, T, S)
  present: KeyValue[]; // per layer self-attention (B, H, P+T, D)
  crossKeyValues: KeyValue[]; // per layer cross-attention (B, H, S, D)
}

const shared = (p: T5Params) => p.normal('shared.weight', [p.cfg.vocab_size, p.cfg.d_model], 1);

/** Computes a value once, on first use, for every layer after (HF's shared `position_bias`). */
function once<A extends unknown[], R>(make: (...args: A) => R): (...args: A) => R {
  let made: { value: R } | undefined;
  return (...args) => (made ??= { value: make(...args) }).value;
}

function rulesOf(cfg: T5Config, bidirectional: boolean): BucketRules {
  return { bidirectional, numBuckets: cfg.relative_attention_num_buckets, maxDistance: cfg.relative_attention_max_distance };
}

/** The relative position bias (1, H, Tq, Tk) of a stack: a constant bucket table when lengths are static. */
function positionBias(g: GraphBuilder, p: T5Params, stack: 'encoder' | 'decoder', q: Value, k: Value, staticLengths: boolean): Value {
  const { relative_attention_num_buckets: NB, num_heads: H, d_model: C } = p.cfg;
  const table = p.normal(`${stack}.block.0.layer.0.SelfAttention.relative_attention_bias.weight`, [NB, H], C ** -0.5); // (NB, H)
  const rules = rulesOf(p.cfg, stack === 'encoder');
  if (staticLengths) return staticPositionBias(g, table, q.shape[2] as number, k.shape[2] as number, rules);
  return biasFromBuckets(g, table, dynamicBuckets(g, q, k, rules));
}

function isStaticLength(ids: Value): boolean {
  return typeof ids.shape[1] === 'number';
}

/** T5Stack as the encoder: bidirectional self-attention over the (corrupted) input. */
export function buildT5Encoder(g: GraphBuilder, params: ParamSource, cfg: T5Config, inputs: T5EncoderInputs, options: T5BuildOptions = {}): T5EncoderOutputs {
  const dtype = options.dtype ?? 'float32';
  const drop = options.dropout ?? noDropout;
  const p = new T5Params(params, cfg);
  let x = drop.apply(g, g.gather(shared(p), inputs.inputIds), cfg.dropout_rate); // (B, S, C)
  const padding = inputs.attentionMask ? paddingBias(g, inputs.attentionMask, dtype) : undefined; // (B, 1, 1, S)
  const bias = once((q: Value, k: Value) => {
    const position = positionBias(g, p, 'encoder', q, k, isStaticLength(inputs.inputIds));
    return padding ? g.add(position, padding) : position; // (B, H, S, S)
  });
  const attentions: Value[] = [];
  for (let i = 0; i < cfg.num_layers; i++) {
    g.scope(`encoder.block.${i}`, () => {
      const block = `encoder.block.${i}.layer`;
      const self = attentionSublayer(g, p, `${block}.0`, 'SelfAttention', x, { bias, dropout: drop });
      attentions.push(self.attention.probs);
      x = feedForwardSublayer(g, p, `${block}.1`, self.hidden, drop);
    });
  }
  const hidden = drop.apply(g, rmsNorm(g, x, p.norm('encoder.final_layer_norm.weight'), cfg.layer_norm_epsilon), cfg.dropout_rate);
  return { hidden, attentions };
}

/** T5Stack as the decoder plus the LM head: causal self-attention, cross-attention, logits. */
export function buildT5Decoder(g: GraphBuilder, params: ParamSource, cfg: T5Config, inputs: T5DecoderInputs, options: T5BuildOptions = {}): T5DecoderOutputs {
  const dtype = options.dtype ?? 'float32';
  const drop = options.dropout ?? noDropout;
  const p = new T5Params(params, cfg);
  const embedding = shared(p);
  let x = drop.apply(g, g.gather(embedding, inputs.inputIds), cfg.dropout_rate); // (B, T, C)
  const staticLengths = !inputs.past && isStaticLength(inputs.inputIds);
  const selfBias = once((q: Value, k: Value) => {
    const causal = staticLengths ? causalBias(g, q.shape[2] as number, k.shape[2] as number, dtype) : dynamicCausalBias(g, q, k);
    return g.add(positionBias(g, p, 'decoder', q, k, staticLengths), causal); // (1, H, T, P+T)
  });
  // Cross-attention has no position bias in T5, only the encoder's padding.
  const crossPadding = inputs.encoderAttentionMask ? paddingBias(g, inputs.encoderAttentionMask, dtype) : undefined;
  const out: Omit<T5DecoderOutputs, 'logits'> = { attentions: [], crossAttentions: [], present: [], crossKeyValues: [] };
  for (let i = 0; i < cfg.num_decoder_layers; i++) {
    g.scope(`decoder.block.${i}`, () => {
      const block = `decoder.block.${i}.layer`;
      const self = attentionSublayer(g, p, `${block}.0`, 'SelfAttention', x, { bias: selfBias, past: inputs.past?.[i], dropout: drop });
      const cross = attentionSublayer(g, p, `${block}.1`, 'EncDecAttention', self.hidden, {
        source: inputs.encoderHidden,
        bias: () => crossPadding,
        dropout: drop,
      });
      out.attentions.push(self.attention.probs);
      out.present.push(self.attention.kv);
      out.crossAttentions.push(cross.attention.probs);
      out.crossKeyValues.push(cross.attention.kv);
      x = feedForwardSublayer(g, p, `${block}.2`, cross.hidden, drop);
    });
  }
  x = drop.apply(g, rmsNorm(g, x, p.norm('decoder.final_layer_norm.weight'), cfg.layer_norm_epsilon), cfg.dropout_rate);
  let logits: Value;
  if (cfg.tie_word_embeddings) {
    // HF rescales before the tied projection (Mesh TensorFlow's convention).
    logits = linear(g, g.mul(x, cfg.d_model ** -0.5), embedding, undefined, 'out_in');
  } else {
    logits = linear(g, x, p.normal('lm_head.weight', [cfg.vocab_size, cfg.d_model], 1), undefined, 'out_in');
  }
  return { logits, ...out };
}

export interface T5Inputs {
  inputIds: Value; // (B, S)
  attentionMask?: Value; // (B, S)
  decoderInputIds: Value; // (B, T) labels shifted right behind decoder_start_token_id
}

export interface T5Outputs extends T5DecoderOutputs {
  encoderHidden: Value; // (B, S, C)
  encoderAttentions: Value[]; // per layer (B, H, S, S)
}

/** The whole encoder-decoder in one graph (training, and reference logits in tests). */
export function buildT5(g: GraphBuilder, params: ParamSource, cfg: T5Config, inputs: T5Inputs, options: T5BuildOptions = {}): T5Outputs {
  const encoder = buildT5Encoder(g, params, cfg, inputs, options);
  const decoder = buildT5Decoder(
    g,
    params,
    cfg,
    { inputIds: inputs.decoderInputIds, encoderHidden: encoder.hidden, encoderAttentionMask: inputs.attentionMask },
    options,
  );
  return { ...decoder, encoderHidden: encoder.hidden, encoderAttentions: encoder.attentions };
}

/** The parameter-layout table of a T5 config (HF names, shapes, inits) in build order. */
export function t5ParamSpecs(cfg: T5Config): ParamSpec[] {
  const g = new GraphBuilder('t5_specs');
  const params = new InputParams(g);
  const ids = (name: string) => g.input(name, 'int32', [1, 2]);
  buildT5(g, params, cfg, { inputIds: ids('input_ids'), decoderInputIds: ids('decoder_input_ids') });
  return params.specs;
}
