/**
 * The sequence-classification forward pass for the step graph (finetuning): a model family's
 * classifier on (input_ids, attention_mask) of shape (B, T) and one label per sequence,
 * mean cross-entropy over the batch, and counts for accuracy and macro-F1. Counts, not rates,
 * so that evaluation can sum them over batches (trainer.ts) and divide once at the end.
 * Legend: B batch, T tokens, L labels.
 */
import type { GraphBuilder, Value } from '../graph';
import type { Dropout } from '../nn/dropout';
import type { ParamSource } from '../nn/params';
import { numLabels, type ModelConfig } from '../models/configs';
import { familyForTask, familyOf } from '../models/registry';
import { crossEntropy, predictionCounts } from './step/losses';
import type { ForwardBuilder } from './step/step-graph';

/** Names of the metric outputs: accuracy = correct / count; per label, predicted / actual / right. */
export const CLASSIFY_METRICS = {
  correct: 'classify_correct',
  count: 'classify_count',
  predicted: (label: number) => `classify_predicted.${label}`,
  actual: (label: number) => `classify_actual.${label}`,
  truePositives: (label: number) => `classify_tp.${label}`,
  /** The graph outputs, one (L,) vector each, whose items metric-values.ts names as above. */
  perLabel: { predicted: 'classify_predicted', actual: 'classify_actual', truePositives: 'classify_tp' },
} as const;

/** A family's classifier: input_ids and attention_mask (B, T) → label scores (B, L). */
export type SequenceClassifier = (g: GraphBuilder, params: ParamSource, inputs: { inputIds: Value; attentionMask: Value; bbox?: Value }, dropout: Dropout) => Value;

/** A family's sequence classifier (the registry's ClassifierSpec), bound to one config. */
export interface ClassifierFamily {
  /** The class config.json's `architectures` names. */
  architecture: string;
  /** Name prefix of the head's parameters: a head trained for other labels starts afresh. */
  headPrefix: string;
  build: SequenceClassifier;
}

/** The config's family classifier; an InputError naming the families that have one otherwise. */
export function classifierFamilyOf(config: ModelConfig): ClassifierFamily {
  const spec = familyForTask(config, 'classify', config.model_type).classifier!;
  return { architecture: spec.architecture, headPrefix: spec.headPrefix, build: (g, params, inputs, dropout) => spec.build(g, params, config, inputs, dropout) };
}

/** The number of labels of a classifier config (id2label's size). */
export function labelCount(config: ModelConfig): number {
  return numLabels(config);
}

export function classificationForward(config: ModelConfig, batchSize: number, context: number): ForwardBuilder {
  const classify = classifierFamilyOf(config).build;
  const L = labelCount(config);
  return (g, params, dropout) => {
    const inputIds = g.input('input_ids', 'int32', [batchSize, context]); // (B, T)
    const attentionMask = g.input('attention_mask', 'int32', [batchSize, context]); // (B, T) 1 = real token
    // (B, 1): a column, as the batch sources' 2-D label tensors carry it; -100 = skip this row
    const labels = g.input('labels', 'int32', [batchSize, 1]);
    // LayoutLM: each token's box, as withTokenBoxes computes it (src/data/batch-boxes.ts).
    const bbox = familyOf(config).tokenBoxes ? g.input('bbox', 'int32', [batchSize, context, 4]) : undefined; // (B, T, 4)
    const logits = classify(g, params, { inputIds, attentionMask, bbox }, dropout); // (B, L)
    const { correct, counted } = predictionCounts(g, logits, labels);
    return { loss: crossEntropy(g, logits, labels), metrics: { [CLASSIFY_METRICS.correct]: correct, [CLASSIFY_METRICS.count]: counted, ...perLabelCounts(g, logits, labels, L) } };
  };
}

/**
 * Per label: rows predicted as it, rows labelled it, rows both (ignored rows count nowhere), as
 * three (L,) outputs that the metric reader names `classify_predicted.c` and so on.
 */
// logits (B, L), labels (B, 1) → three (L,) vectors
function perLabelCounts(g: GraphBuilder, logits: Value, labels: Value, L: number): Record<string, Value> {
  const labelled = g.not(g.equal(labels, -100)); // (B, 1)
  const classes = g.cast(g.ints([...Array(L).keys()]), 'int32'); // (L,)
  const actual = g.equal(labels, classes); // (B, L) one-hot of the label
  const predicted = g.and(g.not(g.less(logits, g.reduceMax(logits, [1], true))), labelled); // (B, L) one-hot of the argmax
  const perLabel = (flags: Value) => g.reduceSum(g.cast(flags, logits.dtype), [0], false); // (L,)
  return {
    [CLASSIFY_METRICS.perLabel.predicted]: perLabel(predicted),
    [CLASSIFY_METRICS.perLabel.actual]: perLabel(actual),
    [CLASSIFY_METRICS.perLabel.truePositives]: perLabel(g.and(predicted, actual)),
  };
}

export interface ClassificationScores {
  accuracy: number;
  /** Unweighted mean of per-label F1 over the labels that occur or are predicted (scikit-learn's macro average). */
  macroF1: number;
  examples: number;
}

/** Accuracy and macro-F1 from the summed counts of CLASSIFY_METRICS. */
export function classificationScores(sums: Record<string, number>, labels: number): ClassificationScores {
  const count = sums[CLASSIFY_METRICS.count] ?? 0;
  const f1s: number[] = [];
  for (let c = 0; c < labels; c++) {
    const predicted = sums[CLASSIFY_METRICS.predicted(c)] ?? 0;
    const actual = sums[CLASSIFY_METRICS.actual(c)] ?? 0;
    const tp = sums[CLASSIFY_METRICS.truePositives(c)] ?? 0;
    if (predicted + actual > 0) f1s.push((2 * tp) / (predicted + actual));
  }
  return {
    accuracy: count > 0 ? (sums[CLASSIFY_METRICS.correct] ?? 0) / count : 0,
    macroF1: f1s.length > 0 ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
    examples: count,
  };
}
