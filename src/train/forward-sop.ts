/**
 * ALBERT's forward pass for the step graph (`--objective mlm+sop`): on sentence-order batches
 * (src/data/batch-sop.ts: `[CLS] A [SEP] B [SEP]` rows with segment ids, n-gram masked), the
 * family's masked-LM logits and sentence-order logits; the loss is the masked LM's mean
 * cross-entropy plus the sentence-order one, as AlbertForPreTraining sums them. The metrics are
 * the masked LM's and the sentence-order prediction's (sop_correct / sop_count).
 */
import type { ModelConfig } from '../models/configs';
import { sentenceOrderGraphOf } from '../models/registry';
import { MLM_METRICS } from './forward-mlm';
import { crossEntropy, predictionCounts } from './step/losses';
import type { ForwardBuilder } from './step/step-graph';

/** Names of the metric outputs: sentence-order accuracy = sop_correct / sop_count. */
export const SOP_METRICS = { correct: 'sop_correct', count: 'sop_count' } as const;

export function sentenceOrderForward(cfg: ModelConfig, batchSize: number, context: number): ForwardBuilder {
  const graph = sentenceOrderGraphOf(cfg);
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T) with [MASK]/random/kept tokens
    const attentionMask = g.input('attention_mask', 'int32', [batchSize, context]); // (B, T) 1 = real token
    const tokenTypeIds = g.input('token_type_ids', 'int32', [batchSize, context]); // (B, T) 0 = first segment, 1 = second
    const labels = g.input('labels', 'int32', [batchSize, context]); // (B, T) original ids at chosen positions, -100 elsewhere
    const orderLabels = g.input('sentence_order_label', 'int32', [batchSize, 1]); // (B, 1) 1 = swapped
    const { logits, sentenceOrderLogits } = graph(g, params, cfg, { inputIds, attentionMask, tokenTypeIds }, { dropout }); // (B, T, V), (B, 2)
    const masked = predictionCounts(g, logits, labels);
    const order = predictionCounts(g, sentenceOrderLogits, orderLabels); // one row of 2 scores per label
    return {
      loss: g.add(crossEntropy(g, logits, labels), crossEntropy(g, sentenceOrderLogits, orderLabels)),
      metrics: { [MLM_METRICS.correct]: masked.correct, [MLM_METRICS.count]: masked.counted, [SOP_METRICS.correct]: order.correct, [SOP_METRICS.count]: order.counted },
    };
  };
}
