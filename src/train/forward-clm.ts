/** The causal-LM forward pass for the step graph: GPT-2 on (input_ids, labels) of shape (B, T). */
import { buildGpt2, causalLmLoss } from '../models/gpt2';
import type { Gpt2Config } from '../models/configs';
import type { ForwardBuilder } from './step-graph';

export function causalLmForward(cfg: Gpt2Config, batchSize: number, context: number): ForwardBuilder {
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T)
    const labels = g.input('labels', 'int32', [batchSize, context]); // (B, T) next tokens, -100 = ignore
    const { logits } = buildGpt2(g, params, cfg, { inputIds }, { dropout });
    return { loss: causalLmLoss(g, logits, labels) };
  };
}
