// Webview side of the comparison view (protocol: src/views/comparison/protocol.ts). The
// extension sends the whole comparison once (`init`), then each CompareEvent, folded into the
// same snapshot the extension keeps; the page repaints at most once a frame, and tells the
// extension what its table shows (the e2e test reads it; `final` once the comparison ended).
import { formatDuration } from '../../src/util/format';
import { applyCompareEvent, isComparisonActive, type ComparisonSnapshot, type ComparisonStatus, type ComparisonTable } from '../../src/host/compare/comparison-state';
import { comparisonView, formatPercent, formatSpread, type ComparisonView } from '../../src/views/comparison/view-model';
import type { FromWebview, PanelState, ToWebview } from '../../src/views/comparison/protocol';
import { el, segmented } from '../shared/dom';
import { SHARED_STATUS_TEXT, statTile } from '../shared/run-status';
import { vscodeApi } from '../shared/vscode-api';
import { barChart } from './bars';
import { lineChart } from './line-chart';

const vscode = vscodeApi<FromWebview, PanelState>();
const app = document.getElementById('app') as HTMLElement;

const STATUS_TEXT: Record<ComparisonStatus, string> = { ...SHARED_STATUS_TEXT, running: 'Running' };

const PHASE_TEXT = { pretrain: 'pretraining', finetune: 'finetuning' } as const;

/** Distinct chart colours the theme offers (style.css maps series-N to them). */
const COLOURS = 8;

let comparison: ComparisonSnapshot | undefined;
/** comparison.md's cells, from the extension. */
let table: ComparisonTable | undefined;
let generation = 0;
let xAxis: 'step' | 'flops' = 'step';
let frame = 0;
let lastPosted = '';
/** Stop was pressed: repaints keep saying so until the comparison ends. */
let stopping = false;

function colourOf(c: ComparisonSnapshot, row: string): number {
  return Math.max(0, c.plan?.rows.findIndex((r) => r.id === row) ?? 0) % COLOURS;
}

function header(c: ComparisonSnapshot, view: ComparisonView | undefined): HTMLElement[] {
  const head = el('header');
  const title = el('h1', undefined, `${c.name} `);
  title.append(el('span', `pl-badge status-${c.status}`, STATUS_TEXT[c.status]));
  head.append(title, el('p', 'pl-subtitle', c.folder));
  if (view) head.append(el('p', 'budget', `${view.budget} · seeds ${view.seeds.join(', ')}`));
  const toolbar = el('div', 'pl-toolbar');
  if (isComparisonActive(c)) {
    const stop = el('button', undefined, stopping ? 'Stopping…' : 'Stop');
    stop.disabled = stopping;
    stop.title = 'Stop after the step in flight; running the comparison again on this folder resumes it';
    stop.addEventListener('click', () => {
      stopping = true;
      vscode.postMessage({ type: 'stop' });
      schedulePaint();
    });
    toolbar.append(stop);
  }
  if (c.report) {
    const md = el('button', 'secondary', 'Open comparison.md');
    md.addEventListener('click', () => vscode.postMessage({ type: 'markdown' }));
    toolbar.append(md);
  }
  return toolbar.childElementCount ? [head, toolbar] : [head];
}

/** Where the comparison is, while it runs: row, seed, phase, step, loss, and the whole run's progress. */
function progress(c: ComparisonSnapshot): HTMLElement[] {
  if (!isComparisonActive(c)) return c.message && c.status === 'failed' ? [el('p', 'pl-warning', c.message)] : [];
  const plan = c.plan;
  const p = c.position;
  if (!plan || !p) return [el('p', 'pl-hint run-message', 'Reading the corpus and the labelled data, planning each row’s budget…')];
  const rowIndex = plan.rows.findIndex((r) => r.id === p.row);
  const row = plan.rows[rowIndex];
  const total = plan.rows.length * plan.seeds.length;
  const stats = el('section', 'stats');
  stats.setAttribute('aria-label', 'Comparison progress');
  stats.append(
    statTile(`Row ${rowIndex + 1} of ${plan.rows.length}`, row?.label ?? p.row),
    statTile('Seed', String(p.seed), `${plan.seeds.indexOf(p.seed) + 1} of ${plan.seeds.length}`),
    statTile('Phase', PHASE_TEXT[p.phase], p.status === 'resumed' ? 'resumed from its checkpoint' : p.status === 'reused' ? 'already done' : undefined),
    statTile('Step', p.totalSteps ? `${p.step.toLocaleString('en-US')} / ${p.totalSteps.toLocaleString('en-US')}` : '–', p.etaMs === undefined || !p.totalSteps ? undefined : `${formatDuration(p.etaMs)} left in this phase`),
    statTile('Loss', p.loss === undefined ? '–' : p.loss.toFixed(4), p.tokensPerSec === undefined ? undefined : `${Math.round(p.tokensPerSec).toLocaleString('en-US')} tokens/s`),
    statTile('Pipelines done', `${c.results.length} / ${total}`),
  );
  const bar = el('progress', 'run-progress');
  const phaseFraction = p.totalSteps ? p.step / p.totalSteps : 0;
  bar.max = total;
  bar.value = Math.min(total, c.results.length + (p.phase === 'pretrain' ? 0.5 * phaseFraction : 0.5 + 0.5 * phaseFraction));
  const nodes: HTMLElement[] = [stats, bar];
  if (c.message) nodes.push(el('p', 'pl-hint run-message', c.message));
  return nodes;
}

function resultTable(c: ComparisonSnapshot, t: ComparisonTable): HTMLElement {
  const box = el('section', 'result');
  box.setAttribute('aria-label', 'Result table');
  box.append(el('h2', undefined, 'Result'));
  if (t.verdict) box.append(el('p', 'verdict', t.verdict));
  const grid = el('table', 'pl-table comparison-table');
  // Numbers (and their dashes) right-aligned, words left: per column, from its cells.
  const numeric = t.headers.map((_, i) => t.rows.every((r) => /^[\d(–-]/.test(r.cells[i] ?? '')));
  const head = el('tr');
  t.headers.forEach((h, i) => head.append(el('th', numeric[i] ? 'num' : undefined, h)));
  grid.append(el('thead'), el('tbody'));
  grid.tHead!.append(head);
  for (const row of t.rows) {
    const tr = el('tr');
    tr.dataset.row = row.id;
    row.cells.forEach((cell, i) => {
      const td = el('td', numeric[i] ? 'num' : undefined, cell);
      if (i === 0) td.prepend(el('span', `swatch series-${colourOf(c, row.id)}`));
      tr.append(td);
    });
    grid.tBodies[0].append(tr);
  }
  box.append(grid);
  return box;
}

function curves(c: ComparisonSnapshot, view: ComparisonView): HTMLElement {
  const box = el('section', 'chart');
  box.setAttribute('aria-label', 'Pretraining loss curves');
  const head = el('div', 'section-head');
  head.append(el('h2', undefined, 'Pretraining loss'));
  head.append(segmented('Horizontal axis', [{ value: 'step', text: 'by step' }, { value: 'flops', text: 'by training FLOPs' }], xAxis, (value) => {
    xAxis = value;
    schedulePaint();
  }));
  box.append(head);
  const flopsPerStep = new Map(c.plan?.rows.map((r) => [r.id, r.flopsPerStep]) ?? []);
  box.append(lineChart(view.curves, {
    xLabel: xAxis === 'step' ? 'step' : 'training FLOPs',
    yLabel: 'training loss',
    x: (s, step) => (xAxis === 'step' ? step : step * (flopsPerStep.get(s.id) ?? 0)),
    colour: (s) => colourOf(c, s.id),
  }));
  box.append(el('p', 'pl-hint', 'Each objective has its own loss, so heights are not comparable across rows; the shapes show how fast each learns. The downstream scores below are the fair comparison.'));
  return box;
}

/** "BERT" for "BERT — masked language modelling": the bars' labels, unless two rows share it (then their ids). */
function shortLabels(view: ComparisonView): Map<string, string> {
  const short = view.rows.map((r) => r.label.split(' — ')[0]);
  return new Map(view.rows.map((r, i) => [r.id, short.indexOf(short[i]) === short.lastIndexOf(short[i]) ? short[i] : r.id]));
}

function downstream(c: ComparisonSnapshot, view: ComparisonView): HTMLElement {
  const box = el('section', 'downstream');
  box.append(el('h2', undefined, 'Finetuned on the labelled data'));
  const spreadNote = view.seeds.length > 1 ? `bar: mean over the seeds finished (of ${view.seeds.length}); whisker: min–max; dots: each seed` : 'one seed: no spread to show';
  box.append(el('p', 'pl-hint', spreadNote));
  const labels = shortLabels(view);
  const grid = el('div', 'bar-grid');
  grid.append(
    barChart('Accuracy', view.rows.map((r) => ({ label: labels.get(r.id)!, title: r.label, colour: colourOf(c, r.id), spread: r.accuracy, text: formatSpread(r.accuracy, true) }))),
    barChart('Macro-F1', view.rows.map((r) => ({ label: labels.get(r.id)!, title: r.label, colour: colourOf(c, r.id), spread: r.macroF1, text: formatSpread(r.macroF1, false) }))),
  );
  box.append(grid);
  return box;
}

/** Masked-, replaced- and original-token and sentence-order accuracy, for the rows whose objective has them. */
function taskMetrics(c: ComparisonSnapshot, view: ComparisonView): HTMLElement[] {
  const labels = shortLabels(view);
  const byMetric = new Map<string, { label: string; bars: { label: string; title: string; colour: number; value: number }[] }>();
  for (const row of view.rows) {
    for (const m of row.taskMetrics) {
      const entry = byMetric.get(m.key) ?? byMetric.set(m.key, { label: m.label, bars: [] }).get(m.key)!;
      entry.bars.push({ label: labels.get(row.id)!, title: row.label, colour: colourOf(c, row.id), value: m.value });
    }
  }
  if (byMetric.size === 0) return [];
  const box = el('section', 'task-metrics');
  box.append(el('h2', undefined, 'The pretraining task itself'), el('p', 'pl-hint', 'On the validation text at the end of pretraining, mean over seeds'));
  const grid = el('div', 'bar-grid');
  for (const { label, bars } of byMetric.values()) {
    grid.append(barChart(label, bars.map((b) => ({ label: b.label, title: b.title, colour: b.colour, spread: { mean: b.value, sd: 0, min: b.value, max: b.value, values: [b.value] }, text: formatPercent(b.value) }))));
  }
  box.append(grid);
  return [box];
}

function paint(): void {
  const c = comparison;
  if (!c) return;
  const started = performance.now();
  const view = comparisonView(c);
  const nodes: HTMLElement[] = [...header(c, view), ...progress(c)];
  if (table) nodes.push(resultTable(c, table));
  if (view) nodes.push(curves(c, view), downstream(c, view), ...taskMetrics(c, view));
  app.replaceChildren(...nodes);
  app.removeAttribute('aria-busy');
  report(!isComparisonActive(c), performance.now() - started);
}

/** Tells the extension what the table shows (nothing, before the plan), when it changed or the comparison ended. */
function report(final: boolean, ms: number): void {
  const drawn = [...app.querySelectorAll<HTMLTableRowElement>('.comparison-table tbody tr')].map((tr) => ({
    id: tr.dataset.row ?? '',
    cells: [...tr.cells].map((td) => td.textContent ?? ''),
  }));
  const headers = [...app.querySelectorAll('.comparison-table thead th')].map((th) => th.textContent ?? '');
  const key = JSON.stringify([generation, final, drawn]);
  if (key === lastPosted) return;
  lastPosted = key;
  vscode.postMessage({ type: 'rendered', generation, ms, final, headers, rows: drawn });
}

function schedulePaint(): void {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    paint();
  });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message?.type) {
    case 'init':
      generation = message.generation;
      comparison = message.comparison;
      table = message.table;
      stopping = false;
      vscode.setState({ folder: comparison.folder });
      paint();
      return;
    case 'event':
      if (!comparison) return;
      applyCompareEvent(comparison, message.event);
      schedulePaint();
      return;
    case 'snapshot':
      // Painted at once: a hidden panel gets no animation frames, and the end must be reported.
      comparison = message.comparison;
      table = message.table;
      if (!isComparisonActive(comparison)) stopping = false;
      paint();
      return;
    case 'table':
      table = message.table;
      schedulePaint();
  }
});

vscode.postMessage({ type: 'ready' });
