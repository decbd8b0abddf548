/**
 * GPT-2 exactly as Hugging Face `GPT2LMHeadModel` defines it: learned positions, pre-LayerNorm
 * blocks, Conv1D weights stored [in, out], fused q/k/v projection, GELU (tanh form by default),
 * output projection tied to the token embedding.
 * Legend: B batch, T new tokens, P past tokens, C width, H heads, D = C/H, V vocabulary.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation } from '../../nn/activations';
import { attend, attendWithCache, cacheCapacity, causalBias, dynamicCausalBias, mergeHeads, paddingBias, splitHeads } from '../../nn/attention';
import { type Dropout, noDropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import type { ParamSource } from '../../nn/params';
import type { Gpt2Config } from '../configs';

export interface Gpt2Inputs {
  inputIds: Value; // (B, T) int32/int64
  /** (B, T) absolute positions; default 0…T-1 (static T only). */
  positionIds?: Value;
  /** (B, P+T) 1 = real token, 0 = padding. */
  attentionMask?: Value;
  /** Per layer cached keys/values (B, H, P, D) from earlier calls. */
  past?: { key: Value; value: Value }[];
  /**
   * Instead of `past`: per layer fixed-capacity caches (B, H, S, D) that attention reads in place,
   * with `cacheBias` (B|1, 1, T, S + T) saying which slots and new tokens each query sees.
   * `present` then holds only the T new keys/values, for the caller to store (our runtime's
   * decoder, buildGpt2CachedDecoder). That decoder drops the batch axis everywhere: input ids
   * (T,), caches (H, S, D), bias (T, S + T), so the residual stream is (T, C) rows and no
   * projection needs a Reshape around its Gemm.
   */
  cache?: { key: Value; value: Value }[];
  cacheBias?: Value;
}

export interface Gpt2TransformerOutputs {
  hidden: Value; // (B, T, C) after the final LayerNorm
  attentions: Value[]; // per layer (B, H, T, P+T)
  present: { key: Value; value: Value }[]; // per layer (B, H, P+T, D); with `cache`, (B, H, T, D)
}

export interface Gpt2Outputs {
  logits: Value; // (B, T, V)
  attentions: Value[]; // per layer (B, H, T, P+T)
  present: { key: Value; value: Value }[]; // per layer (B, H, P+T, D); with `cache`, (B, H, T, D)
}

export interface Gpt2BuildOptions {
  dtype?: 'float32' | 'float64';
  dropout?: Dropout;
}

/** GPT2LMHeadModel: the transformer, then the output projection tied to the token embeddings. */
export function buildGpt2(g: GraphBuilder, params: ParamSource, cfg: Gpt2Config, inputs: Gpt2Inputs, options: Gpt2BuildOptions = {}): Gpt2Outputs {
  const { hidden, attentions, present } = gpt2Transformer(g, params, cfg, inputs, options);
  const wte = params.param('transformer.wte.weight', [cfg.vocab_size, cfg.n_embd], { kind: 'normal', std: cfg.initializer_range });
  const logits = linear(g, hidden, wte, undefined, 'out_in'); // (B, T, V) = hidden · wteᵀ
  return { logits, attentions, present };
}

/** GPT2Model: embeddings, the blocks and the final LayerNorm; heads are the callers'. */
export function gpt2Transformer(g: GraphBuilder, params: ParamSource, cfg: Gpt2Config, inputs: Gpt2Inputs, options: Gpt2BuildOptions = {}): Gpt2TransformerOutputs {
  const dtype = options.dtype ?? 'float32';
  const drop = options.dropout ?? noDropout;
  const C = cfg.n_embd;
  const std = cfg.initializer_range;
  const normal = { kind: 'normal', std } as const;
  const p = (name: string, shape: number[], init: Parameters<ParamSource['param']>[2]) => params.param(`transformer.${name}`, shape, init);

  const wte = p('wte.weight', [cfg.vocab_size, C], normal);
  const wpe = p('wpe.weight', [cfg.n_positions, C], normal);
  const positions = inputs.positionIds ?? staticPositions(g, inputs.inputIds);
  let x = g.add(g.gather(wte, inputs.inputIds), g.gather(wpe, positions)); // (B, T, C)
  x = drop.apply(g, x, cfg.embd_pdrop);

  const staticLengths = !inputs.past && !inputs.cache && typeof inputs.inputIds.shape[1] === 'number';
  let bias: Value | undefined = staticLengths ? causalBias(g, inputs.inputIds.shape[1] as number, inputs.inputIds.shape[1] as number, dtype) : undefined;
  if (inputs.attentionMask) {
    const pad = paddingBias(g, inputs.attentionMask, dtype);
    bias = bias ? g.add(bias, pad) : pad;
  }

  let dynamicBias: Value | undefined;
  const capacity = inputs.cache ? cacheCapacity(g, inputs.cache[0].key) : undefined;
  const attentions: Value[] = [];
  const present: { key: Value; value: Value }[] = [];
  // q, k, v (B, H, T, D): attention over `past` (if any) and the new tokens, Hugging Face's way.
  const attendWithPast = (i: number, q: Value, k: Value, v: Value, scale: number) => {
    const past = inputs.past?.[i];
    const keys = past ? g.concat([past.key, k], 2) : k; // (B, H, P+T, D)
    const values = past ? g.concat([past.value, v], 2) : v;
    present.push({ key: keys, value: values });
    // With run-time lengths (KV cache) the causal mask is built once, from the first layer.
    if (!staticLengths && !dynamicBias) {
      const causal = dynamicCausalBias(g, q, keys);
      dynamicBias = bias ? g.add(causal, bias) : causal;
    }
    return attend(g, q, keys, values, scale, dynamicBias ?? bias);
  };
  for (let i = 0; i < cfg.n_layer; i++) {
    g.scope(`h.${i}`, () => {
      const h = `h.${i}`;
      const ln1 = g.layerNorm(x, p(`${h}.ln_1.weight`, [C], { kind: 'ones' }), p(`${h}.ln_1.bias`, [C], { kind: 'zeros' }), cfg.layer_norm_epsilon);
      const qkv = linear(g, ln1, p(`${h}.attn.c_attn.weight`, [C, 3 * C], normal), p(`${h}.attn.c_attn.bias`, [3 * C], { kind: 'zeros' }), 'in_out'); // (B, T, 3C)
      const [q, k, v] = g.split(qkv, [C, C, C], qkv.shape.length - 1).map((t) => splitHeads(g, t, cfg.n_head)); // (B, H, T, D)
      let scale = cfg.scale_attn_weights ? 1 / Math.sqrt(C / cfg.n_head) : 1;
      if (cfg.scale_attn_by_inverse_layer_idx) scale /= i + 1;
      const { context, probs } = inputs.cache ? attendWithCache(g, q, k, v, inputs.cache[i], scale, cacheBiasOf(inputs), capacity) : attendWithPast(i, q, k, v, scale);
      if (inputs.cache) present.push({ key: k, value: v });
      attentions.push(probs);
      const projStd = { kind: 'normal', std: std / Math.sqrt(2 * cfg.n_layer) } as const;
      const attnOut = linear(g, mergeHeads(g, context), p(`${h}.attn.c_proj.weight`, [C, C], projStd), p(`${h}.attn.c_proj.bias`, [C], { kind: 'zeros' }), 'in_out');
      x = g.add(x, drop.apply(g, attnOut, cfg.resid_pdrop));

      const inner = cfg.n_inner ?? 4 * C;
      const ln2 = g.layerNorm(x, p(`${h}.ln_2.weight`, [C], { kind: 'ones' }), p(`${h}.ln_2.bias`, [C], { kind: 'zeros' }), cfg.layer_norm_epsilon);
      const hidden = activation(g, linear(g, ln2, p(`${h}.mlp.c_fc.weight`, [C, inner], normal), p(`${h}.mlp.c_fc.bias`, [inner], { kind: 'zeros' }), 'in_out'), cfg.activation_function);
      const mlpOut = linear(g, hidden, p(`${h}.mlp.c_proj.weight`, [inner, C], projStd), p(`${h}.mlp.c_proj.bias`, [C], { kind: 'zeros' }), 'in_out');
      x = g.add(x, drop.apply(g, mlpOut, cfg.resid_pdrop));
    });
  }
  x = g.layerNorm(x, p('ln_f.weight', [C], { kind: 'ones' }), p('ln_f.bias', [C], { kind: 'zeros' }), cfg.layer_norm_epsilon);
  return { hidden: x, attentions, present };
}

function cacheBiasOf(inputs: Gpt2Inputs): Value {
  if (!inputs.cacheBias) throw new Error('GPT-2 with a fixed-capacity cache needs cacheBias');
  return inputs.cacheBias;
}

/** Positions 0…T-1 broadcast over the batch, for inputs of static length. */
function staticPositions(g: GraphBuilder, inputIds: Value): Value {
  const T = inputIds.shape[1];
  if (typeof T !== 'number') throw new Error('GPT-2 inputs of dynamic length need position_ids');
  return g.ints([...Array(T).keys()]); // (T,)
}

/** Mean next-token cross-entropy; labels (B, T) already hold the next token (or -100). */
export function causalLmLoss(g: GraphBuilder, logits: Value, labels: Value): Value {
  const vocab = logits.shape[2] as number;
  return g.softmaxCrossEntropy(g.reshape(logits, [-1, vocab]), g.reshape(labels, [-1]), -100);
}
