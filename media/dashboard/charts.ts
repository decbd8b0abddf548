// The dashboard's uPlot charts: training and validation loss by step, the learning rate, and the
// objective's own metrics (ELECTRA's two losses and discriminator accuracies, masked-token and
// sentence-order accuracy). Colours come from the editor theme; the charts follow the panel's width.
import uPlot from 'uplot';
import type { TrainingMetrics } from '../../src/host/models/training-metrics';
import type { ChartColor, ObjectiveChart } from '../../src/host/runs/objective-charts';
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

/** Fallbacks of the theme's chart colours (VS Code's dark defaults), should a theme leave one unset. */
const CHART_FALLBACK: Record<ChartColor, string> = {
  blue: '#3794ff', orange: '#d18616', green: '#89d185', purple: '#b180d7', red: '#f14c4c', yellow: '#cca700',
};

function percent(v: number | null | undefined): string {
  return v == null ? '–' : `${(100 * v).toFixed(1)}%`;
}

/**
 * One chart of objective metrics (objectiveCharts' ObjectiveChart): training series as lines,
 * validation series as thicker dashed lines with points, a second y axis on the right where
 * the chart has two scales. Built for one set of series; the dashboard builds a new one when
 * the set changes (chartSignature).
 */
export class ObjectiveChartView {
  private readonly plot: uPlot;
  private readonly observer: ResizeObserver;

  constructor(private readonly host: HTMLElement, chart: ObjectiveChart) {
    const scales: uPlot.Scales = { x: { time: false } };
    for (const s of chart.scales) scales[s.id] = s.percent ? { range: [0, 1] } : { auto: true };
    const axes: uPlot.Axis[] = [{ ...axisStyle(), label: 'step' }];
    const colorOf = (c: ChartColor) => themeColor(`--vscode-charts-${c}`, CHART_FALLBACK[c]);
    // With two y axes, each takes the colour of its series, so which line reads on which axis is plain.
    const axisColor = (scale: string) => {
      const first = chart.series.find((s) => s.scale === scale);
      return chart.scales.length > 1 && first ? { stroke: colorOf(first.color) } : {};
    };
    chart.scales.forEach((s, i) => axes.push({
      ...axisStyle(),
      ...axisColor(s.id),
      scale: s.id,
      label: s.label,
      size: 60,
      ...(i > 0 ? { side: 1, grid: { show: false } } : {}),
      ...(s.percent ? { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => `${Math.round(100 * t)}%`) } : {}),
    }));
    const percentScale = new Set(chart.scales.filter((s) => s.percent).map((s) => s.id));
    const series: uPlot.Series[] = [{ label: 'step' }, ...chart.series.map((s): uPlot.Series => {
      const stroke = colorOf(s.color);
      const validation = s.source === 'validation';
      return {
        label: s.label,
        scale: s.scale,
        stroke,
        width: validation ? 2 : 1.5,
        spanGaps: true,
        ...(validation ? { dash: [6, 4], points: { show: true, size: 6, fill: stroke } } : {}),
        value: (_u, v) => (percentScale.has(s.scale) ? percent(v) : v == null ? '–' : v.toFixed(4)),
      };
    })];
    this.plot = new uPlot({ width: width(host), height: 220, scales, axes, series, legend: { live: false } }, chart.data, host);
    this.observer = new ResizeObserver(() => this.plot.setSize({ width: width(host), height: 220 }));
    this.observer.observe(host);
  }

  update(chart: ObjectiveChart): void {
    this.plot.setData(chart.data);
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot.destroy();
    this.host.replaceChildren();
  }
}
