/**
 * Weights of a T5 model folder (ours or one from the Hub) checked against the parameter table
 * of its config. HF checkpoints may store the tied embedding under any of its aliases
 * (`shared.weight`, `encoder.embed_tokens.weight`, `decoder.embed_tokens.weight`) and may carry
 * a copy of it as `lm_head.weight` even when tied; tied copies are dropped, every parameter the
 * graph needs must be present with its HF shape.
 */
import { WEIGHTS_FILE } from '../../modelfile/layout';
import type { ShapedWeights } from '../model-folder';
import type { Weights } from '../../nn/params';
import type { T5Config } from '../configs';
import { t5ParamSpecs } from './model';

const EMBEDDING_ALIASES = ['shared.weight', 'encoder.embed_tokens.weight', 'decoder.embed_tokens.weight'];

export function t5WeightsFromFolder(cfg: T5Config, tensors: ShapedWeights, source = WEIGHTS_FILE): Weights {
  const weights: Weights = new Map();
  for (const spec of t5ParamSpecs(cfg)) {
    const names = spec.name === 'shared.weight' ? EMBEDDING_ALIASES : [spec.name];
    const found = names.map((n) => tensors.get(n)).find((t) => t !== undefined);
    if (!found) throw new Error(`${source} has no tensor '${spec.name}' that this T5 config needs`);
    if (found.shape.join() !== spec.shape.join()) {
      throw new Error(`${source}: '${spec.name}' has shape [${found.shape.join(', ')}], the config needs [${spec.shape.join(', ')}]`);
    }
    weights.set(spec.name, found.data);
  }
  return weights;
}
