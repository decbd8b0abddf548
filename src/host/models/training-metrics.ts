// A model folder's training record, for the Models view, Model Details and a finished run's
// dashboard. `training/metrics.jsonl` (one JSON object per line: train steps
// `{step, loss, lr, gradNorm}`, evaluations `{step, valLoss, perplexity}`, each with the
// objective's own metrics beside them where it reports any) is the full record;
// `training_summary.json` is what a bundled model keeps once `training/` (optimizer state,
// only needed to resume) is dropped. Shared with webviews: no Node imports.

export const TRAINING_SUMMARY_FILE = 'training_summary.json';

/**
 * What pretraining objectives report beside their loss (src/train/run/trainer.ts
 * summarizeMetrics, forward-rtd.ts summarizeRtdMetrics), as progress and eval events and
 * metrics.jsonl name them: ELECTRA's two losses and its discriminator's accuracy on replaced and
 * on original tokens (every step and evaluation), the masked LM's accuracy and ALBERT's
 * sentence-order accuracy and the translation LM's pair-match accuracy (evaluations). Accuracies are fractions (0–1).
 */
export const OBJECTIVE_METRICS = ['generatorLoss', 'discriminatorLoss', 'replacedAccuracy', 'originalAccuracy', 'maskedAccuracy', 'sentenceOrderAccuracy', 'matchAccuracy'] as const;
export type ObjectiveMetric = (typeof OBJECTIVE_METRICS)[number];
export type ObjectiveValues = Partial<Record<ObjectiveMetric, number>>;

export interface TrainPoint {
  step: number;
  loss: number;
  lr?: number;
  /** The objective's own metrics of this step (ELECTRA's). */
  objective?: ObjectiveValues;
}

export interface EvalPoint {
  step: number;
  valLoss: number;
  perplexity?: number;
  /** A classifier's validation accuracy and macro-F1 (0–1), from its live eval events. */
  accuracy?: number;
  macroF1?: number;
  /** The objective's own metrics on the validation batches. */
  objective?: ObjectiveValues;
}

export interface TrainingMetrics {
  train: TrainPoint[];
  val: EvalPoint[];
}

export interface TrainingSummary {
  /** Last optimizer step recorded. */
  steps: number;
  /** Training loss at the last step. */
  finalLoss?: number;
  /** Latest validation loss and its perplexity. */
  valLoss?: number;
  perplexity?: number;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The objective metrics among an event's or a record's fields; undefined when it has none. */
export function objectiveValuesOf(fields: Record<string, unknown> | undefined): ObjectiveValues | undefined {
  if (!fields) return undefined;
  const values: ObjectiveValues = {};
  for (const key of OBJECTIVE_METRICS) if (finite(fields[key])) values[key] = fields[key];
  return Object.keys(values).length ? values : undefined;
}

/** `{ objective }` when there are any, else nothing: spread into a point. */
export function withObjective(fields: Record<string, unknown> | undefined): { objective?: ObjectiveValues } {
  const objective = objectiveValuesOf(fields);
  return objective ? { objective } : {};
}

/** Parses metrics.jsonl text; lines that are not metrics (or a line cut short by a crash) are skipped. */
export function parseMetrics(text: string): TrainingMetrics {
  const metrics: TrainingMetrics = { train: [], val: [] };
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof record !== 'object' || record === null) continue;
    const r = record as Record<string, unknown>;
    if (!finite(r.step)) continue;
    if (finite(r.valLoss)) metrics.val.push({ step: r.step, valLoss: r.valLoss, ...(finite(r.perplexity) ? { perplexity: r.perplexity } : {}), ...withObjective(r) });
    else if (finite(r.loss)) metrics.train.push({ step: r.step, loss: r.loss, ...(finite(r.lr) ? { lr: r.lr } : {}), ...withObjective(r) });
  }
  return metrics;
}

export function summarizeMetrics(text: string): TrainingSummary {
  const { train, val } = parseMetrics(text);
  const lastTrain = train.at(-1);
  const lastVal = val.at(-1);
  const summary: TrainingSummary = { steps: Math.max(lastTrain?.step ?? 0, lastVal?.step ?? 0) };
  if (lastTrain) summary.finalLoss = lastTrain.loss;
  if (lastVal) {
    summary.valLoss = lastVal.valLoss;
    if (lastVal.perplexity !== undefined) summary.perplexity = lastVal.perplexity;
  }
  return summary;
}

/** Validates a training_summary.json's parsed content; undefined when it is not one. */
export function parseTrainingSummary(raw: unknown): TrainingSummary | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (!finite(r.steps) || r.steps < 0) return undefined;
  const summary: TrainingSummary = { steps: r.steps };
  if (finite(r.finalLoss)) summary.finalLoss = r.finalLoss;
  if (finite(r.valLoss)) summary.valLoss = r.valLoss;
  if (finite(r.perplexity)) summary.perplexity = r.perplexity;
  return summary;
}

/** "1200 steps · loss 1.62 · val 1.71 · ppl 5.5" for lists and tooltips. */
export function describeTraining(t: TrainingSummary): string {
  const parts = [`${t.steps} steps`];
  if (t.finalLoss !== undefined) parts.push(`loss ${t.finalLoss.toFixed(2)}`);
  if (t.valLoss !== undefined) parts.push(`val ${t.valLoss.toFixed(2)}`);
  if (t.perplexity !== undefined) parts.push(`ppl ${t.perplexity.toFixed(1)}`);
  return parts.join(' · ');
}
