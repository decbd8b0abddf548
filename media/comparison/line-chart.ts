// The pretraining loss curves of every row on one SVG chart, a line per row, with axes, grid
// and a legend. Colours are CSS classes (`series-N`) that take the theme's chart colours, so
// the chart follows light, dark and high-contrast themes without JavaScript reading them.
import type { CurveSeries } from '../../src/views/comparison/view-model';
import { el } from '../shared/dom';

const SVG = 'http://www.w3.org/2000/svg';
const W = 720;
const H = 300;
const PAD = { left: 56, right: 16, top: 12, bottom: 40 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function tickText(v: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(0).replace('e+', 'e');
  return Number(v.toPrecision(4)).toLocaleString('en-US');
}

export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  /** The x value of a point of a series (step, or the FLOPs spent by then). */
  x: (series: CurveSeries, step: number) => number;
  /** Class index of each series, so rows keep their colour in every chart of the view. */
  colour: (series: CurveSeries) => number;
}

/** The chart and its legend; an empty note when no row has a point yet. */
export function lineChart(series: CurveSeries[], options: LineChartOptions): HTMLElement {
  const box = el('div', 'line-chart');
  const drawn = series.filter((s) => s.points.length > 0);
  if (drawn.length === 0) {
    box.append(el('p', 'pl-hint', 'No pretraining steps yet.'));
    return box;
  }
  const xs = drawn.flatMap((s) => s.points.map((p) => options.x(s, p.step)));
  const ys = drawn.flatMap((s) => s.points.map((p) => p.loss));
  const [x0, x1] = [0, Math.max(...xs, 1)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y1 - y0 < 1e-6) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const px = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const py = (y: number) => PAD.top + (1 - (y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);

  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart-svg' });
  chart.append(svg('title', {}, `${options.yLabel} by ${options.xLabel}, one line per row`));
  for (const t of niceTicks(y0, y1, 5)) {
    chart.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: py(t), y2: py(t), class: 'grid' }));
    chart.append(svg('text', { x: PAD.left - 6, y: py(t) + 4, class: 'tick', 'text-anchor': 'end' }, tickText(t)));
  }
  for (const t of niceTicks(x0, x1, 6)) {
    chart.append(svg('line', { x1: px(t), x2: px(t), y1: PAD.top, y2: H - PAD.bottom, class: 'grid' }));
    chart.append(svg('text', { x: px(t), y: H - PAD.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, tickText(t)));
  }
  chart.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom, class: 'axis' }));
  chart.append(svg('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom, class: 'axis' }));
  chart.append(svg('text', { x: (PAD.left + W - PAD.right) / 2, y: H - 6, class: 'axis-label', 'text-anchor': 'middle' }, options.xLabel));
  chart.append(svg('text', { x: 14, y: (PAD.top + H - PAD.bottom) / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 14 ${(PAD.top + H - PAD.bottom) / 2})` }, options.yLabel));
  for (const s of drawn) {
    const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${px(options.x(s, p.step)).toFixed(1)},${py(p.loss).toFixed(1)}`).join('');
    const line = svg('path', { d, class: `series series-${options.colour(s)}` });
    line.append(svg('title', {}, s.label));
    chart.append(line);
  }
  box.append(chart);

  const legend = el('ul', 'legend');
  legend.setAttribute('aria-label', 'Legend');
  for (const s of series) {
    const item = el('li');
    const swatch = el('span', `swatch series-${options.colour(s)}`);
    const last = s.points.at(-1);
    item.append(swatch, el('span', undefined, s.label), el('span', 'legend-value', last ? `loss ${last.loss.toFixed(3)}` : 'not started'));
    legend.append(item);
  }
  box.append(legend);
  return box;
}
