/** Activation functions by their Hugging Face names (transformers' ACT2FN). */
import type { GraphBuilder, Value } from '../graph';

export type ActivationName = 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh' | 'relu' | 'silu' | 'swish';

export function activation(g: GraphBuilder, x: Value, name: ActivationName): Value {
  switch (name) {
    case 'gelu':
      return g.gelu(x, 'none');
    case 'gelu_new':
    case 'gelu_pytorch_tanh':
      return g.gelu(x, 'tanh');
    case 'relu':
      return g.relu(x);
    case 'silu':
    case 'swish':
      return g.mul(x, g.sigmoid(x));
  }
}
