/**
 * Losses and cheap metrics over class scores, shared by the objectives that predict one class
 * per row: tokens (masked LM: a vocabulary entry per position) or labels (classification).
 * Legend: N rows (B·T positions or B sequences), K classes (V or L).
 */
import type { GraphBuilder, Value } from '../../graph';
/** PyTorch's ignore_index, the value src/data writes at positions without a label. */
const IGNORE_INDEX = -100;

// scores (…, K), labels (…) → scalar mean cross-entropy over rows whose label is not IGNORE_INDEX
export function crossEntropy(g: GraphBuilder, scores: Value, labels: Value): Value {
  const K = scores.shape[scores.shape.length - 1] as number;
  return g.softmaxCrossEntropy(g.reshape(scores, [-1, K]), g.reshape(labels, [-1]), IGNORE_INDEX);
}

export interface PredictionCounts {
  /** Scalar: rows whose highest score is the label's (ties count as right). */
  correct: Value;
  /** Scalar: rows that carry a label. */
  counted: Value;
}

/**
 * Accuracy as two counts, so a trainer can sum them over steps. Built from the scores the
 * loss already has, outside the loss's gradient: it costs one max and one gather per row.
 */
// scores (…, K), labels (…) → counts
export function predictionCounts(g: GraphBuilder, scores: Value, labels: Value): PredictionCounts {
  const K = scores.shape[scores.shape.length - 1] as number;
  const rows = g.reshape(scores, [-1, K]); // (N, K)
  const flat = g.unsqueeze(g.reshape(labels, [-1]), [1]); // (N, 1)
  const labelled = g.not(g.equal(flat, IGNORE_INDEX)); // (N, 1)
  const safe = g.where(labelled, flat, 0); // ignored rows point at class 0 so the gather stays in range
  const labelScore = g.gatherElements(rows, safe, 1); // (N, 1)
  const best = g.reduceMax(rows, [1], true); // (N, 1)
  const right = g.and(labelled, g.not(g.less(labelScore, best)));
  const count = (flags: Value) => g.reduceSum(g.cast(flags, scores.dtype), undefined, false);
  return { correct: count(right), counted: count(labelled) };
}
