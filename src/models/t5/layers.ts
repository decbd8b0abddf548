/**
 * T5's sub-layers as HF `modeling_t5` defines them: each is pre-norm (T5 RMS LayerNorm, no
 * bias, no mean subtraction) and adds its output to the residual stream through dropout.
 * Attention has no score scaling (T5 folds 1/√d into the query initialisation) and no biases.
 * Legend: B batch, T query length, S key/value length, C = d_model, H heads, D = d_kv, F = d_ff.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation } from '../../nn/activations';
import { attend, mergeHeads, splitHeads } from '../../nn/attention';
import type { Dropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import { rmsNorm } from '../../nn/norms';
import type { Init, ParamSource } from '../../nn/params';
import type { T5Config } from '../configs';

/** Builds parameters by HF name with HF init: `normal(std · initializer_factor)`. */
export class T5Params {
  constructor(
    readonly source: ParamSource,
    readonly cfg: T5Config,
  ) {}

  /** A weight drawn from N(0, (factor · std)²). */
  normal(name: string, shape: number[], std: number): Value {
    return this.source.param(name, shape, { kind: 'normal', std: this.cfg.initializer_factor * std });
  }

  /** A T5LayerNorm gain: filled with the factor (1 by default). */
  norm(name: string): Value {
    const f = this.cfg.initializer_factor;
    const init: Init = f === 1 ? { kind: 'ones' } : { kind: 'constant', value: f };
    return this.source.param(name, [this.cfg.d_model], init);
  }
}

export interface KeyValue {
  key: Value; // (B, H, S, D)
  value: Value; // (B, H, S, D)
}

export interface AttentionOutput {
  output: Value; // (B, T, C) before dropout and residual
  probs: Value; // (B, H, T, S)
  /** The keys and values attended to, past included (what a KV cache keeps). */
  kv: KeyValue;
}

export interface AttentionArgs {
  /** e.g. `encoder.block.0.layer.0.SelfAttention`. */
  prefix: string;
  /** Normalised queries' source (B, T, C). */
  x: Value;
  /** Source of keys and values: `x` for self-attention, encoder states (B, S, C) for cross. */
  source: Value;
  /** Already projected keys/values of earlier steps, prepended to this call's (self-attention). */
  past?: KeyValue;
  /** Called with q and the full keys to make the additive bias (positions, masks). */
  bias?: (q: Value, k: Value) => Value | undefined;
  dropout: Dropout;
}

/** T5Attention: q/k/v/o projections without bias, unscaled dot products, bias added. */
export function t5Attention(g: GraphBuilder, p: T5Params, args: AttentionArgs): AttentionOutput {
  const { d_model: C, d_kv: D, num_heads: H } = p.cfg;
  const inner = H * D;
  const proj = (name: string, input: Value, std: number) => splitHeads(g, linear(g, input, p.normal(`${args.prefix}.${name}.weight`, [inner, C], std), undefined, 'out_in'), H); // (B, H, ·, D)
  const q = proj('q', args.x, (C * D) ** -0.5); // (B, H, T, D)
  const k = proj('k', args.source, C ** -0.5); // (B, H, S, D)
  const v = proj('v', args.source, C ** -0.5);
  const kv = args.past ? { key: g.concat([args.past.key, k], 2), value: g.concat([args.past.value, v], 2) } : { key: k, value: v };
  const bias = args.bias?.(q, kv.key);
  const rate = p.cfg.dropout_rate;
  const { context, probs } = attend(g, q, kv.key, kv.value, 1, bias, (w) => args.dropout.apply(g, w, rate));
  const output = linear(g, mergeHeads(g, context), p.normal(`${args.prefix}.o.weight`, [C, inner], inner ** -0.5), undefined, 'out_in');
  return { output, probs, kv };
}

/** T5LayerSelfAttention / T5LayerCrossAttention: x + dropout(attention(layer_norm(x))). */
export function attentionSublayer(
  g: GraphBuilder,
  p: T5Params,
  layerPrefix: string,
  kind: 'SelfAttention' | 'EncDecAttention',
  x: Value,
  args: Omit<AttentionArgs, 'prefix' | 'x' | 'source'> & { source?: Value },
): { hidden: Value; attention: AttentionOutput } {
  const normed = rmsNorm(g, x, p.norm(`${layerPrefix}.layer_norm.weight`), p.cfg.layer_norm_epsilon);
  const attention = t5Attention(g, p, { ...args, prefix: `${layerPrefix}.${kind}`, x: normed, source: args.source ?? normed });
  const hidden = g.add(x, args.dropout.apply(g, attention.output, p.cfg.dropout_rate));
  return { hidden, attention };
}

/** T5LayerFF: x + dropout(DenseReluDense(layer_norm(x))), gated (wi_0, wi_1) or not (wi). */
// x (B, T, C) → (B, T, C)
export function feedForwardSublayer(g: GraphBuilder, p: T5Params, layerPrefix: string, x: Value, dropout: Dropout): Value {
  const { d_model: C, d_ff: F, dropout_rate: rate } = p.cfg;
  const prefix = `${layerPrefix}.DenseReluDense`;
  const normed = rmsNorm(g, x, p.norm(`${layerPrefix}.layer_norm.weight`), p.cfg.layer_norm_epsilon);
  const wi = (name: string) => linear(g, normed, p.normal(`${prefix}.${name}.weight`, [F, C], C ** -0.5), undefined, 'out_in'); // (B, T, F)
  let hidden = p.cfg.is_gated_act ? g.mul(activation(g, wi('wi_0'), p.cfg.dense_act_fn), wi('wi_1')) : activation(g, wi('wi'), p.cfg.dense_act_fn);
  hidden = dropout.apply(g, hidden, rate);
  const out = linear(g, hidden, p.normal(`${prefix}.wo.weight`, [C, F], F ** -0.5), undefined, 'out_in');
  return g.add(x, dropout.apply(g, out, rate));
}
