/**
 * The sequence-classification forward pass for the step graph (finetuning): a model family's
 * classifier on (input_ids, attention_mask) of shape (B, T) and one label per sequence,
 * mean cross-entropy over the batch, and a count of right predictions for accuracy.
 * Legend: B batch, T tokens, L labels.
 */
import type { GraphBuilder, Value } from '../graph';
import type { Dropout } from '../nn/dropout';
import type { ParamSource } from '../nn/params';
import { buildBertForSequenceClassification } from '../models/bert';
import type { ModelConfig } from '../models/configs';
import { crossEntropy, predictionCounts } from './losses';
import type { ForwardBuilder } from './step-graph';

/** Names of the metric outputs: accuracy = correct / count. */
export const CLASSIFY_METRICS = { correct: 'classify_correct', count: 'classify_count' } as const;

/** A family's classifier: input_ids and attention_mask (B, T) → label scores (B, L). */
export type SequenceClassifier = (g: GraphBuilder, params: ParamSource, inputs: { inputIds: Value; attentionMask: Value }, dropout: Dropout) => Value;

/** The classifier of a model family, as its HF `…ForSequenceClassification` class defines it. */
export function sequenceClassifierFor(config: ModelConfig): SequenceClassifier {
  switch (config.model_type) {
    case 'bert':
      return (g, params, inputs, dropout) => buildBertForSequenceClassification(g, params, config, inputs, { dropout }).logits;
    default:
      throw new Error(`sequence classification is not built for model_type '${config.model_type}' yet (BERT only)`);
  }
}

export function classificationForward(config: ModelConfig, batchSize: number, context: number): ForwardBuilder {
  const classify = sequenceClassifierFor(config);
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T)
    const attentionMask = g.input('attention_mask', 'int32', [batchSize, context]); // (B, T) 1 = real token
    const labels = g.input('labels', 'int32', [batchSize]); // (B,) class index, -100 = skip this row
    const logits = classify(g, params, { inputIds, attentionMask }, dropout); // (B, L)
    const { correct, counted } = predictionCounts(g, logits, labels);
    return { loss: crossEntropy(g, logits, labels), metrics: { [CLASSIFY_METRICS.correct]: correct, [CLASSIFY_METRICS.count]: counted } };
  };
}
