// The dashboard's two uPlot charts: training and validation loss by step, and the learning
// rate. Colours come from the editor theme; the charts follow the panel's width.
import uPlot from 'uplot';
import type { TrainingMetrics } from '../../src/host/models/training-metrics';
import { themeColor } from '../shared/dom';

type Series = [number[], (number | null)[], (number | null)[]];

/** Train and validation points on one step axis: uPlot wants one x array for all series. */
export function lossSeries(metrics: TrainingMetrics): Series {
  const val = new Map(metrics.val.map((p) => [p.step, p.valLoss]));
  const steps = [...new Set([...metrics.train.map((p) => p.step), ...val.keys()])].sort((a, b) => a - b);
  const train = new Map(metrics.train.map((p) => [p.step, p.loss]));
  return [steps, steps.map((s) => train.get(s) ?? null), steps.map((s) => val.get(s) ?? null)];
}

function axisStyle(): uPlot.Axis {
  const fg = themeColor('--vscode-descriptionForeground', '#888');
  const grid = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
}

function width(host: HTMLElement): number {
  return Math.max(280, host.clientWidth);
}

export class LossChart {
  private readonly plot: uPlot;

  constructor(host: HTMLElement, metrics: TrainingMetrics) {
    const train = themeColor('--vscode-charts-blue', '#3794ff');
    const val = themeColor('--vscode-charts-orange', '#d18616');
    this.plot = new uPlot({
      width: width(host),
      height: 260,
      scales: { x: { time: false } },
      legend: { live: false },
      axes: [{ ...axisStyle(), label: 'step' }, { ...axisStyle(), label: 'loss', size: 60 }],
      series: [
        { label: 'step' },
        { label: 'train loss', stroke: train, width: 1.5, spanGaps: true, value: (_u, v) => (v == null ? '–' : v.toFixed(4)) },
        { label: 'validation loss', stroke: val, width: 2, spanGaps: true, points: { show: true, size: 6, fill: val }, value: (_u, v) => (v == null ? '–' : v.toFixed(4)) },
      ],
    }, lossSeries(metrics), host);
    new ResizeObserver(() => this.plot.setSize({ width: width(host), height: 260 })).observe(host);
  }

  update(metrics: TrainingMetrics): void {
    this.plot.setData(lossSeries(metrics));
  }
}

export class LrChart {
  private readonly plot: uPlot;

  constructor(host: HTMLElement, metrics: TrainingMetrics) {
    const lr = themeColor('--vscode-charts-green', '#89d185');
    this.plot = new uPlot({
      width: width(host),
      height: 140,
      scales: { x: { time: false } },
      legend: { live: false },
      axes: [{ ...axisStyle(), label: 'step' }, { ...axisStyle(), label: 'lr', size: 60, values: (_u, ticks) => ticks.map((t) => (t === 0 ? '0' : t.toExponential(0))) }],
      series: [{ label: 'step' }, { label: 'learning rate', stroke: lr, width: 1.5, value: (_u, v) => (v == null ? '–' : v.toExponential(2)) }],
    }, LrChart.data(metrics), host);
    new ResizeObserver(() => this.plot.setSize({ width: width(host), height: 140 })).observe(host);
  }

  private static data(metrics: TrainingMetrics): [number[], number[]] {
    const points = metrics.train.filter((p) => p.lr !== undefined);
    return [points.map((p) => p.step), points.map((p) => p.lr as number)];
  }

  update(metrics: TrainingMetrics): void {
    this.plot.setData(LrChart.data(metrics));
  }
}
