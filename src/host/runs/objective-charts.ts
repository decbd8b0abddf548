// What the Training dashboard draws of a run's objective metrics beside its loss: ELECTRA's
// generator and discriminator losses, the discriminator's accuracy on replaced vs original
// tokens, the masked LM's and ALBERT's sentence-order accuracy — as chart series on one step
// axis and as stat tiles. Pure (no DOM, Node or vscode), so it is unit-tested; the webview
// (media/dashboard/) only draws what this returns.
import type { EvalPoint, ObjectiveMetric, TrainingMetrics, TrainPoint } from '../models/training-metrics';

/** The editor theme's chart colours (`--vscode-charts-<name>`): each theme sets them readable on its background. */
export type ChartColor = 'blue' | 'orange' | 'green' | 'purple' | 'red' | 'yellow';

export type ObjectiveChartId = 'losses' | 'accuracy';

interface MetricLook {
  /** Name in legends and tiles. */
  label: string;
  chart: ObjectiveChartId;
  /** The y scale it is drawn on (the generator's loss is ~10× the discriminator's: each gets its own axis). */
  scale: string;
  color: ChartColor;
}

const METRICS: Record<ObjectiveMetric, MetricLook> = {
  generatorLoss: { label: 'generator loss (MLM)', chart: 'losses', scale: 'generator', color: 'blue' },
  discriminatorLoss: { label: 'discriminator loss (BCE)', chart: 'losses', scale: 'discriminator', color: 'orange' },
  replacedAccuracy: { label: 'discriminator on replaced tokens', chart: 'accuracy', scale: 'accuracy', color: 'purple' },
  originalAccuracy: { label: 'discriminator on original tokens', chart: 'accuracy', scale: 'accuracy', color: 'green' },
  maskedAccuracy: { label: 'masked-token accuracy', chart: 'accuracy', scale: 'accuracy', color: 'blue' },
  sentenceOrderAccuracy: { label: 'sentence-order accuracy', chart: 'accuracy', scale: 'accuracy', color: 'orange' },
  matchAccuracy: { label: 'code ↔ text pair-match accuracy', chart: 'accuracy', scale: 'accuracy', color: 'green' },
};

const CHARTS: Record<ObjectiveChartId, { title: string; scales: Record<string, { label: string; percent: boolean }> }> = {
  losses: {
    title: 'Generator and discriminator losses',
    scales: { generator: { label: 'generator loss', percent: false }, discriminator: { label: 'discriminator loss', percent: false } },
  },
  accuracy: { title: 'Pretraining accuracy', scales: { accuracy: { label: 'accuracy', percent: true } } },
};

export interface ObjectiveSeries {
  /** "generator loss (MLM), training" — unique within its chart. */
  label: string;
  metric: ObjectiveMetric;
  source: 'train' | 'validation';
  scale: string;
  color: ChartColor;
}

export interface ObjectiveChart {
  id: ObjectiveChartId;
  title: string;
  /** The y axes in order: the first on the left, a second on the right. */
  scales: { id: string; label: string; percent: boolean }[];
  series: ObjectiveSeries[];
  /** uPlot's layout: the steps, then one array per series (null where that series has no point). */
  data: [number[], ...(number | null)[][]];
}

type Source = { source: 'train' | 'validation'; points: readonly (TrainPoint | EvalPoint)[] };

function sourcesOf(metrics: TrainingMetrics): Source[] {
  return [{ source: 'train', points: metrics.train }, { source: 'validation', points: metrics.val }];
}

/** The charts this run's metrics fill, each with only the series that have points; none for a run whose objective reports nothing. */
export function objectiveCharts(metrics: TrainingMetrics): ObjectiveChart[] {
  const charts: ObjectiveChart[] = [];
  for (const [id, chart] of Object.entries(CHARTS) as [ObjectiveChartId, (typeof CHARTS)[ObjectiveChartId]][]) {
    const columns: { series: ObjectiveSeries; values: Map<number, number> }[] = [];
    for (const [metric, look] of Object.entries(METRICS) as [ObjectiveMetric, MetricLook][]) {
      if (look.chart !== id) continue;
      for (const { source, points } of sourcesOf(metrics)) {
        const values = new Map<number, number>();
        for (const p of points) {
          const v = p.objective?.[metric];
          if (v !== undefined) values.set(p.step, v);
        }
        if (values.size === 0) continue;
        columns.push({ series: { label: `${look.label}, ${source}`, metric, source, scale: look.scale, color: look.color }, values });
      }
    }
    if (columns.length === 0) continue;
    const steps = [...new Set(columns.flatMap((c) => [...c.values.keys()]))].sort((a, b) => a - b);
    const used = [...new Set(columns.map((c) => c.series.scale))];
    charts.push({
      id,
      title: chart.title,
      scales: used.map((scale) => ({ id: scale, ...chart.scales[scale] })),
      series: columns.map((c) => c.series),
      data: [steps, ...columns.map((c) => steps.map((s) => c.values.get(s) ?? null))],
    });
  }
  return charts;
}

/** A chart's identity: when it changes (a series appears), the webview builds the chart anew rather than only feeding it data. */
export function chartSignature(chart: ObjectiveChart): string {
  return `${chart.id}:${chart.series.map((s) => s.label).join('|')}`;
}

export interface ObjectiveStat {
  id: ObjectiveMetric;
  label: string;
  value: string;
  /** The validation value beside a training one, when there are both. */
  sub?: string;
}

function latest(points: readonly (TrainPoint | EvalPoint)[], metric: ObjectiveMetric): number | undefined {
  for (let i = points.length - 1; i >= 0; i--) {
    const v = points[i].objective?.[metric];
    if (v !== undefined) return v;
  }
  return undefined;
}

function show(metric: ObjectiveMetric, v: number): string {
  return METRICS[metric].scale === 'accuracy' ? `${(100 * v).toFixed(1)}%` : v.toFixed(4);
}

/** A tile per metric the run reports: its latest training value (else validation), with the latest validation one beneath. */
export function objectiveStats(metrics: TrainingMetrics): ObjectiveStat[] {
  const stats: ObjectiveStat[] = [];
  for (const metric of Object.keys(METRICS) as ObjectiveMetric[]) {
    const train = latest(metrics.train, metric);
    const val = latest(metrics.val, metric);
    if (train === undefined && val === undefined) continue;
    const label = METRICS[metric].label.replace(/^./, (c) => c.toUpperCase());
    stats.push(train === undefined
      ? { id: metric, label: `${label} (validation)`, value: show(metric, val!) }
      : { id: metric, label, value: show(metric, train), ...(val === undefined ? {} : { sub: `validation ${show(metric, val)}` }) });
  }
  return stats;
}
