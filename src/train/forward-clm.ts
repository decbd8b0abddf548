/** The causal-LM forward pass for the step graph: a decoder family's logits on (input_ids, labels) of shape (B, T). */
import type { ModelConfig } from '../models/configs';
import { pretrainGraphOf } from '../models/registry';
import { crossEntropy } from './step/losses';
import type { ForwardBuilder } from './step/step-graph';

export function causalLmForward(cfg: ModelConfig, batchSize: number, context: number): ForwardBuilder {
  const lm = pretrainGraphOf(cfg, 'clm');
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T)
    const labels = g.input('labels', 'int32', [batchSize, context]); // (B, T) next tokens, -100 = ignore
    const logits = lm(g, params, cfg, { inputIds }, { dropout }); // (B, T, V)
    return { loss: crossEntropy(g, logits, labels) };
  };
}
