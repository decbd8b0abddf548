/**
 * The translation LM's forward pass for the step graph (`--objective tlm`, and `tlm+match`
 * with Unicoder's pair-match task): on src/data/batch-tlm.ts's rows, the family's masked-LM
 * logits given each token's side (token_type_ids, and langs for XLM) and its position within
 * its side (position_ids); the loss is the masked LM's mean cross-entropy, plus the match
 * classifier's over the pair rows (match_label, ignored on plain rows) when matching. The
 * metrics are the masked LM's and, when matching, the match accuracy (match_correct / match_count).
 */
import type { Value } from '../graph';
import type { ModelConfig } from '../models/configs';
import { pairMatchGraphOf, pretrainGraphOf } from '../models/registry';
import { MLM_METRICS } from './forward-mlm';
import { crossEntropy, predictionCounts } from './step/losses';
import type { ForwardBuilder } from './step/step-graph';

/** Names of the metric outputs: match accuracy = match_correct / match_count. */
export const MATCH_METRICS = { correct: 'match_correct', count: 'match_count' } as const;

export function translationLmForward(cfg: ModelConfig, batchSize: number, context: number, match: boolean): ForwardBuilder {
  const tlm = match ? undefined : pretrainGraphOf(cfg, 'tlm');
  const matching = match ? pairMatchGraphOf(cfg) : undefined;
  return (g, params, dropout) => {
    const rowInput = (name: string) => g.input(name, 'int32', [batchSize, context]);
    const inputs = {
      inputIds: rowInput('input_ids'), // (B, T) with [MASK]/random/kept tokens on both sides
      attentionMask: rowInput('attention_mask'), // (B, T) 1 = real token
      tokenTypeIds: rowInput('token_type_ids'), // (B, T) 0 = code side, 1 = text side
      positionIds: rowInput('position_ids'), // (B, T) counted from 0 on each side
      langs: rowInput('langs'), // (B, T) XLM's language: the side again
    };
    const labels = rowInput('labels'); // (B, T) original ids at chosen positions, -100 elsewhere
    let logits: Value;
    let matchLoss: Value | undefined;
    const metrics: Record<string, Value> = {};
    if (matching) {
      const matchLabels = g.input('match_label', 'int32', [batchSize, 1]); // (B, 1) 1 = the row's own text, -100 on plain rows
      const out = matching(g, params, cfg, inputs, { dropout }); // (B, T, V), (B, 2)
      logits = out.logits;
      matchLoss = crossEntropy(g, out.matchLogits, matchLabels);
      const counts = predictionCounts(g, out.matchLogits, matchLabels);
      metrics[MATCH_METRICS.correct] = counts.correct;
      metrics[MATCH_METRICS.count] = counts.counted;
    } else {
      logits = tlm!(g, params, cfg, inputs, { dropout }); // (B, T, V)
    }
    const masked = predictionCounts(g, logits, labels);
    const lmLoss = crossEntropy(g, logits, labels);
    return {
      loss: matchLoss ? g.add(lmLoss, matchLoss) : lmLoss,
      metrics: { [MLM_METRICS.correct]: masked.correct, [MLM_METRICS.count]: masked.counted, ...metrics },
    };
  };
}
