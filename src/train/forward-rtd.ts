/**
 * ELECTRA's replaced-token-detection forward pass for the step graph (src/models/electra/rtd.ts)
 * on (input_ids, attention_mask, labels) as MaskedLmBatches writes them plus the Gumbel noise
 * ReplacedTokenBatches adds. The loss is the joint one (generator MLM + 50 × discriminator BCE);
 * metric outputs give each loss and the discriminator's hits on replaced and on original tokens.
 */
import type { ModelConfig } from '../models/configs';
import { generatorConfig } from '../models/electra/config';
import { replacedTokenDetection } from '../models/electra/rtd';
import { configOf } from '../models/family';
import type { ForwardBuilder } from './step/step-graph';

/**
 * Metric outputs. Losses are reported as sums with a batch count beside them, so that sums over
 * micro-batches and validation batches still give means (summarizeMetrics).
 */
export const RTD_METRICS = {
  generatorLoss: 'rtd_generator_loss_sum',
  discriminatorLoss: 'rtd_discriminator_loss_sum',
  batches: 'rtd_batches',
  replacedCorrect: 'rtd_replaced_correct',
  replaced: 'rtd_replaced_count',
  originalCorrect: 'rtd_original_correct',
  original: 'rtd_original_count',
} as const;

export function replacedTokenForward(cfg: ModelConfig, batchSize: number, context: number): ForwardBuilder {
  const discriminator = configOf(cfg, 'electra');
  const generator = generatorConfig(discriminator);
  const V = discriminator.vocab_size;
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T) with [MASK]/random/kept tokens
    const attentionMask = g.input('attention_mask', 'int32', [batchSize, context]); // (B, T) 1 = real token
    const labels = g.input('labels', 'int32', [batchSize, context]); // (B, T) original ids at masked positions, -100 elsewhere
    const gumbel = g.input('gumbel', 'float32', [batchSize, context, V]); // (B, T, V)
    const r = replacedTokenDetection(g, params, discriminator, generator, { inputIds, attentionMask, labels, gumbel }, { dropout });
    return {
      loss: r.loss,
      metrics: {
        [RTD_METRICS.generatorLoss]: r.generatorLoss,
        [RTD_METRICS.discriminatorLoss]: r.discriminatorLoss,
        [RTD_METRICS.batches]: g.identity(g.scalar(1, 'float32')), // a node's output: graph outputs must not be bare constants
        [RTD_METRICS.replacedCorrect]: r.counts.replacedCorrect,
        [RTD_METRICS.replaced]: r.counts.replaced,
        [RTD_METRICS.originalCorrect]: r.counts.originalCorrect,
        [RTD_METRICS.original]: r.counts.original,
      },
    };
  };
}

/**
 * Perplexity of a validation loss: exp(loss), except for replaced-token detection, whose loss
 * is a weighted sum of two; there it is the generator's masked-LM perplexity.
 */
export function perplexityOf(loss: number, metrics: Record<string, number> | undefined): number {
  return Math.exp(metrics?.generatorLoss ?? loss);
}

/** The reported form of summed RTD metrics: mean losses and the discriminator's accuracies; undefined for other objectives. */
export function summarizeRtdMetrics(sums: Record<string, number>): Record<string, number> | undefined {
  const batches = sums[RTD_METRICS.batches];
  if (batches === undefined) return undefined;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    generatorLoss: ratio(sums[RTD_METRICS.generatorLoss], batches),
    discriminatorLoss: ratio(sums[RTD_METRICS.discriminatorLoss], batches),
    replacedAccuracy: ratio(sums[RTD_METRICS.replacedCorrect], sums[RTD_METRICS.replaced]),
    originalAccuracy: ratio(sums[RTD_METRICS.originalCorrect], sums[RTD_METRICS.original]),
    replacedTokens: sums[RTD_METRICS.replaced],
  };
}
