// What the comparison view's charts draw, computed from a comparison snapshot (live or read
// from comparison.json): the pretraining loss curves of every row, downstream accuracy and
// macro-F1 with their spread over seeds, and the pretraining task's own accuracies where the
// objective has them. (The table comes from the extension: comparison.md's own cells.) Pure
// data, no DOM, no vscode: the webview bundles it, the unit tests check it.
import type { PlannedRow, SeedResult } from '../../compare/protocol';
import type { ComparisonSnapshot, CurvePoint } from '../../host/compare/comparison-state';

/** Mean and sample standard deviation (0 with one value), with the range they came from. */
export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
  values: number[];
}

export interface RowView {
  id: string;
  label: string;
  baseline: boolean;
  /** Seeds finished out of those planned. */
  seedsDone: number;
  seedsPlanned: number;
  accuracy?: Spread;
  macroF1?: Spread;
  /** Mean over finished seeds of each pretraining-task accuracy (masked, replaced, original, sentence order). */
  taskMetrics: { key: string; label: string; value: number }[];
}

export interface CurveSeries {
  id: string;
  label: string;
  points: CurvePoint[];
}

export interface ComparisonView {
  rows: RowView[];
  curves: CurveSeries[];
  /** "Equal training FLOPs: …" or "Equal minutes: …". */
  budget: string;
  seeds: number[];
}

/** Words for the pretraining metrics the objectives report; only accuracies are shown. */
const TASK_METRIC_LABELS: Record<string, string> = {
  maskedAccuracy: 'Masked-token accuracy',
  replacedAccuracy: 'Replaced-token accuracy',
  originalAccuracy: 'Original-token accuracy',
  sentenceOrderAccuracy: 'Sentence-order accuracy',
};

export function taskMetricLabel(key: string): string {
  return TASK_METRIC_LABELS[key] ?? key;
}

export function spreadOf(values: number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values), values };
}

function mean(values: number[]): number | undefined {
  return values.length ? values.reduce((a, v) => a + v, 0) / values.length : undefined;
}

export function formatPercent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** "81.2% ± 1.3" — the spread in percentage points; one seed has none to show. */
export function formatSpread(s: Spread | undefined, asPercent: boolean): string {
  if (!s) return '–';
  const value = asPercent ? formatPercent(s.mean) : s.mean.toFixed(3);
  if (s.values.length < 2) return value;
  return `${value} ± ${asPercent ? (100 * s.sd).toFixed(1) : s.sd.toFixed(3)}`;
}

type Finished = { seed: number; result: SeedResult };

function seedsOf(c: ComparisonSnapshot, row: string): Finished[] {
  return c.results.filter((r) => r.row === row).map((r) => ({ seed: r.seed, result: r.result }));
}

function taskMetrics(finished: Finished[]): RowView['taskMetrics'] {
  const keys = [...new Set(finished.flatMap((f) => Object.keys(f.result.pretrain?.metrics ?? {})))].filter((k) => /Accuracy$/.test(k));
  return keys.flatMap((key) => {
    const value = mean(finished.flatMap((f) => {
      const v = f.result.pretrain?.metrics[key];
      return v === undefined || !Number.isFinite(v) ? [] : [v];
    }));
    return value === undefined ? [] : [{ key, label: taskMetricLabel(key), value }];
  });
}

function rowView(c: ComparisonSnapshot, row: PlannedRow, seedsPlanned: number): RowView {
  const finished = seedsOf(c, row.id);
  return {
    id: row.id,
    label: row.label,
    baseline: row.arch === 'none',
    seedsDone: finished.length,
    seedsPlanned,
    accuracy: spreadOf(finished.map((f) => f.result.finetune.accuracy)),
    macroF1: spreadOf(finished.map((f) => f.result.finetune.macroF1)),
    taskMetrics: taskMetrics(finished),
  };
}

/** A row's curve: the mean loss by step over its seeds, or while it runs, the live curve. */
function curveOf(c: ComparisonSnapshot, row: PlannedRow): CurvePoint[] {
  const finished = seedsOf(c, row.id).flatMap((f) => (f.result.pretrain?.curve.length ? [f.result.pretrain.curve] : []));
  if (finished.length === 0) return c.curves[row.id] ?? [];
  const byStep = new Map<number, number[]>();
  for (const curve of finished) for (const p of curve) if (Number.isFinite(p.loss)) (byStep.get(p.step) ?? byStep.set(p.step, []).get(p.step)!).push(p.loss);
  return [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([step, losses]) => ({ step, loss: mean(losses)! }));
}

export function describeBudget(budget: NonNullable<ComparisonSnapshot['plan']>['budget']): string {
  return budget.kind === 'flops'
    ? `Equal training FLOPs: every row gets what BERT-MLM spends in ${budget.referenceSteps.toLocaleString('en-US')} steps`
    : `Equal time: ${budget.minutes} minute${budget.minutes === 1 ? '' : 's'} of pretraining per row and seed`;
}

export function comparisonView(c: ComparisonSnapshot): ComparisonView | undefined {
  if (!c.plan) return undefined;
  const planned = c.plan.rows;
  const rows = planned.map((r) => rowView(c, r, c.plan!.seeds.length));
  return {
    rows,
    curves: planned.filter((r) => r.arch !== 'none').map((r) => ({ id: r.id, label: r.label, points: curveOf(c, r) })),
    budget: describeBudget(c.plan.budget),
    seeds: c.plan.seeds,
  };
}
