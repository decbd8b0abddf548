/**
 * SpanBERT's forward pass for the step graph (`--objective span-sbo`): on span-masked batches
 * (MaskedLmBatches with the 'span' strategy), the family's masked-LM logits and span-boundary
 * logits; the loss is the sum of the two mean cross-entropies over the masked positions, as in
 * the SpanBERT paper (L = L_MLM + L_SBO). The metrics are the masked LM's.
 */
import { IGNORE_INDEX } from '../data/batch';
import type { ModelConfig } from '../models/configs';
import { spanBoundaryGraphOf } from '../models/registry';
import { MLM_METRICS } from './forward-mlm';
import { crossEntropy, predictionCounts } from './step/losses';
import type { ForwardBuilder } from './step/step-graph';

export function spanBoundaryForward(cfg: ModelConfig, batchSize: number, context: number): ForwardBuilder {
  const graph = spanBoundaryGraphOf(cfg);
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T) with [MASK]/random/kept tokens
    const attentionMask = g.input('attention_mask', 'int32', [batchSize, context]); // (B, T) 1 = real token
    const labels = g.input('labels', 'int32', [batchSize, context]); // (B, T) original ids in masked spans, -100 elsewhere
    const masked = g.not(g.equal(labels, IGNORE_INDEX)); // (B, T)
    const { logits, boundaryLogits } = graph(g, params, cfg, { inputIds, attentionMask, masked }, { dropout }); // (B, T, V) each
    const { correct, counted } = predictionCounts(g, logits, labels);
    const loss = g.add(crossEntropy(g, logits, labels), crossEntropy(g, boundaryLogits, labels));
    return { loss, metrics: { [MLM_METRICS.correct]: correct, [MLM_METRICS.count]: counted } };
  };
}
