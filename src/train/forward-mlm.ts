/**
 * The masked-LM forward pass for the step graph: an encoder family's masked-LM head (BERT's) on (input_ids, attention_mask, labels)
 * of shape (B, T), as src/data's MaskedLmBatches produces them. The loss is the mean
 * cross-entropy over chosen positions only (labels are -100 elsewhere); two metric outputs
 * count the chosen positions predicted right, for masked-token accuracy.
 */
import type { ModelConfig } from '../models/configs';
import { familyOf, pretrainGraphOf } from '../models/registry';
import { crossEntropy, predictionCounts } from './step/losses';
import type { ForwardBuilder } from './step/step-graph';

/** Names of the metric outputs: accuracy = masked_correct / masked_count. */
export const MLM_METRICS = { correct: 'masked_correct', count: 'masked_count' } as const;

export function maskedLmForward(cfg: ModelConfig, batchSize: number, context: number): ForwardBuilder {
  const lm = pretrainGraphOf(cfg, 'mlm');
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T) with [MASK]/random/kept tokens
    const attentionMask = g.input('attention_mask', 'int32', [batchSize, context]); // (B, T) 1 = real token
    const labels = g.input('labels', 'int32', [batchSize, context]); // (B, T) original ids at chosen positions, -100 elsewhere
    // LayoutLM: each token's box (x0, y0, x1, y1), as TokenBoxBatches computes it.
    const bbox = familyOf(cfg).tokenBoxes ? g.input('bbox', 'int32', [batchSize, context, 4]) : undefined; // (B, T, 4)
    const logits = lm(g, params, cfg, { inputIds, attentionMask, bbox }, { dropout }); // (B, T, V)
    const { correct, counted } = predictionCounts(g, logits, labels);
    return { loss: crossEntropy(g, logits, labels), metrics: { [MLM_METRICS.correct]: correct, [MLM_METRICS.count]: counted } };
  };
}
