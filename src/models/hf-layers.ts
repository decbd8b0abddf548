/**
 * torch.nn.Linear and torch.nn.LayerNorm as Hugging Face models hold them: a module path
 * `name` owning `name.weight` / `name.bias`, Linear weights stored [out, in], and the
 * initialisation transformers' `_init_weights` gives them (normal(0, std) weights, zero
 * biases, LayerNorm gain 1 and bias 0).
 * Legend: … any leading dims, In/Out feature sizes, C normalised width.
 */
import type { GraphBuilder, Value } from '../graph';
import { linear } from '../nn/linear';
import type { ParamSource } from '../nn/params';

// x (…, In) → (…, Out)
export function hfLinear(g: GraphBuilder, params: ParamSource, name: string, x: Value, inFeatures: number, outFeatures: number, std: number): Value {
  const weight = params.param(`${name}.weight`, [outFeatures, inFeatures], { kind: 'normal', std });
  const bias = params.param(`${name}.bias`, [outFeatures], { kind: 'zeros' });
  return linear(g, x, weight, bias, 'out_in');
}

// x (…, C) → (…, C)
export function hfLayerNorm(g: GraphBuilder, params: ParamSource, name: string, x: Value, width: number, eps: number): Value {
  const gain = params.param(`${name}.weight`, [width], { kind: 'ones' });
  const bias = params.param(`${name}.bias`, [width], { kind: 'zeros' });
  return g.layerNorm(x, gain, bias, eps);
}
