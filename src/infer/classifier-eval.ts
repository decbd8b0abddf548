/**
 * `eval --data`: accuracy and macro-F1 of a classifier (a finetuned head, or a prompt with a
 * verbalizer) on labelled data, counted the same way as the finetuning run's evaluations.
 */
import { readLabelled, type LabelledFields } from '../data/labelled';
import { checkKnownLabels } from '../data/labelled-split';
import { openClassifier, type PromptSpec } from './classify';
import type { SessionConfig } from '../runtime';
import { CLASSIFY_METRICS, classificationScores, type ClassificationScores } from '../train/forward-classify';

export interface LabelledEvalRequest extends LabelledFields {
  model: string;
  data: string;
  prompt?: PromptSpec;
  session?: SessionConfig;
}

export interface LabelledEvalResult extends ClassificationScores {
  labels: readonly string[];
  /** The share of the most frequent label: what always guessing it would score. */
  majority: number;
}

export async function evaluateLabelled(req: LabelledEvalRequest, signal?: AbortSignal): Promise<LabelledEvalResult> {
  const examples = readLabelled(req.data, req);
  const classifier = await openClassifier(req.model, req.prompt, req.session);
  try {
    const { labels } = classifier;
    checkKnownLabels(examples, labels, 'classifier');
    const sums: Record<string, number> = { [CLASSIFY_METRICS.correct]: 0, [CLASSIFY_METRICS.count]: 0 };
    const add = (key: string) => (sums[key] = (sums[key] ?? 0) + 1);
    for (const e of examples) {
      signal?.throwIfAborted();
      const predicted = labels.indexOf((await classifier.classify(e.text)).label);
      const actual = labels.indexOf(e.label);
      add(CLASSIFY_METRICS.count);
      add(CLASSIFY_METRICS.predicted(predicted));
      add(CLASSIFY_METRICS.actual(actual));
      if (predicted === actual) {
        add(CLASSIFY_METRICS.correct);
        add(CLASSIFY_METRICS.truePositives(actual));
      }
    }
    const majority = Math.max(...labels.map((_, c) => sums[CLASSIFY_METRICS.actual(c)] ?? 0)) / examples.length;
    return { ...classificationScores(sums, labels.length), labels, majority };
  } finally {
    await classifier.release();
  }
}
