// Webview side of the Training dashboard (protocol: src/views/dashboard/protocol.ts). The
// extension sends the whole run once (`init`), then each training event; events are folded
// into the same snapshot the extension keeps, and the page repaints at most once a frame.
import { formatDuration } from '../../src/util/format';
import type { FromWebview, PanelState, ToWebview } from '../../src/views/dashboard/protocol';
import { applyEvent, isActive, type RunSnapshot, type RunStatus } from '../../src/host/runs/run-state';
import type { CorpusReport } from '../../src/host/corpus/corpus-report';
import type { DashboardDrawn } from '../../src/host/runs/dashboard-drawn';
import { el } from '../shared/dom';
import { SHARED_STATUS_TEXT, statTile } from '../shared/run-status';
import { LossChart, LrChart, ObjectiveChartView } from './charts';
import { chartSignature, objectiveCharts, objectiveStats, type ObjectiveChart } from '../../src/host/runs/objective-charts';
import { renderCorpus } from './corpus';
import { vscodeApi } from '../shared/vscode-api';

const vscode = vscodeApi<FromWebview, PanelState>();
const app = document.getElementById('app') as HTMLElement;

const STATUS_TEXT: Record<RunStatus, string> = { ...SHARED_STATUS_TEXT, running: 'Training', 'time-limit': 'Stopped (time limit)' };

interface RunView {
  run: RunSnapshot;
  status: HTMLElement;
  stats: HTMLElement;
  bar: HTMLProgressElement;
  message: HTMLElement;
  stop: HTMLButtonElement;
  prompt: HTMLButtonElement;
  loss: LossChart;
  lr: LrChart;
  /** Where the objective's charts go (ELECTRA's losses and accuracies…); empty for objectives that report none. */
  objective: HTMLElement;
  objectiveCharts: Map<string, { signature: string; view: ObjectiveChartView }>;
}

let view: RunView | undefined;
let frame = 0;
/** The last report of what the page shows; undefined after new content, so its first paint is reported. */
let reported: string | undefined;

function fmt(n: number | undefined, digits = 4): string {
  return n === undefined ? '–' : n.toFixed(digits);
}

/** A stat tile, marked with its `id` (data-stat). */
function stat(label: string, value: string, id: string, sub?: string): HTMLElement {
  const box = statTile(label, value, sub);
  box.dataset.stat = id;
  return box;
}

function statsOf(run: RunSnapshot): HTMLElement[] {
  const last = run.metrics.train.at(-1);
  const val = run.metrics.val.at(-1);
  const active = isActive(run);
  return [
    stat('Step', `${run.step.toLocaleString()} / ${run.totalSteps.toLocaleString()}`, 'step'),
    stat('Train loss', fmt(last?.loss), 'loss'),
    stat('Validation loss', fmt(val?.valLoss), 'val', val?.perplexity === undefined || val.accuracy !== undefined ? undefined : `perplexity ${val.perplexity.toFixed(1)}`),
    ...(val?.accuracy === undefined ? [] : [stat('Validation accuracy', `${(100 * val.accuracy).toFixed(1)}%`, 'accuracy', val.macroF1 === undefined ? undefined : `macro-F1 ${val.macroF1.toFixed(3)}`)]),
    ...objectiveStats(run.metrics).map((o) => stat(o.label, o.value, o.id, o.sub)),
    stat('Learning rate', last?.lr === undefined ? '–' : last.lr.toExponential(2), 'lr'),
    stat('Tokens/s', run.tokensPerSec === undefined ? '–' : Math.round(run.tokensPerSec).toLocaleString(), 'tps'),
    stat(active ? 'Elapsed · ETA' : 'Elapsed', run.elapsedMs === undefined ? '–'
      : active ? `${formatDuration(run.elapsedMs)} · ${run.etaMs === undefined ? '–' : formatDuration(run.etaMs)}` : formatDuration(run.elapsedMs), 'eta'),
  ];
}

function paint(v: RunView): void {
  const { run } = v;
  v.status.textContent = STATUS_TEXT[run.status];
  v.status.className = `pl-badge status-${run.status}`;
  v.stats.replaceChildren(...statsOf(run));
  v.bar.max = Math.max(1, run.totalSteps);
  v.bar.value = run.step;
  const facts = run.start ? `${(run.start.parameters / 1e6).toFixed(2)}M parameters · vocabulary ${run.start.vocabSize.toLocaleString()} · ${run.start.trainTokens.toLocaleString()} training tokens · ${run.start.device}` : '';
  const note = run.status === 'starting' ? 'Scanning the corpus, training the tokenizer and building the training graph…' : run.message ?? '';
  v.message.textContent = [facts, note].filter(Boolean).join(' — ');
  v.message.classList.toggle('pl-warning', run.status === 'failed');
  v.stop.hidden = !isActive(run);
  v.prompt.hidden = !(run.status === 'completed' || run.status === 'cancelled' || run.status === 'time-limit');
  v.loss.update(run.metrics);
  v.lr.update(run.metrics);
  paintObjective(v, objectiveCharts(run.metrics));
}

/** Adds a chart when its first series appears, rebuilds one whose series changed, feeds the rest their data. */
function paintObjective(v: RunView, charts: ObjectiveChart[]): void {
  for (const chart of charts) {
    const signature = chartSignature(chart);
    const shown = v.objectiveCharts.get(chart.id);
    if (shown?.signature === signature) {
      shown.view.update(chart);
      continue;
    }
    shown?.view.destroy();
    let host = v.objective.querySelector<HTMLElement>(`[data-chart="${chart.id}"]`);
    if (!host) {
      const box = el('section', 'chart');
      box.setAttribute('aria-label', chart.title);
      box.append(el('h2', undefined, chart.title));
      host = el('div', `chart-host objective-chart`);
      host.dataset.chart = chart.id;
      box.append(host);
      v.objective.append(box);
    }
    v.objectiveCharts.set(chart.id, { signature, view: new ObjectiveChartView(host, chart) });
  }
}

function schedulePaint(): void {
  if (frame || !view) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    if (!view) return;
    paint(view);
    reportDrawn();
  });
}

/** What is on the page, read back from it: chart titles with their legends, and the tiles. */
function drawnNow(): DashboardDrawn {
  const text = (node: Element | null) => (node?.textContent ?? '').trim().slice(0, 120);
  const charts = [...app.querySelectorAll('section.chart')].slice(0, 8).map((box) => ({
    title: text(box.querySelector('h2')),
    series: [...box.querySelectorAll('.u-legend .u-series .u-label')].map(text).filter((label) => label && label !== 'step').slice(0, 16),
  }));
  return { charts, stats: [...app.querySelectorAll('.stat .stat-label')].map(text).slice(0, 32) };
}

/** Tells the extension what the page shows, when that changed (a chart or tile appeared) or the content is new. */
function reportDrawn(): void {
  const drawn = drawnNow();
  const key = JSON.stringify(drawn);
  if (key === reported) return;
  reported = key;
  vscode.postMessage({ type: 'drawn', ...drawn });
}

function renderRun(run: RunSnapshot): HTMLElement[] {
  const header = el('header');
  const title = el('h1', undefined, `${run.name} `);
  const status = el('span', 'pl-badge');
  title.append(status);
  header.append(title, el('p', 'pl-subtitle', `${run.description} → ${run.folder}`));

  const toolbar = el('div', 'pl-toolbar');
  const stop = el('button', undefined, 'Stop');
  stop.title = 'Stop after the step in flight; a checkpoint of it is saved';
  stop.addEventListener('click', () => {
    stop.disabled = true;
    stop.textContent = 'Stopping…';
    vscode.postMessage({ type: 'stop' });
  });
  const prompt = el('button', 'secondary', 'Open in Prompt Playground');
  prompt.addEventListener('click', () => vscode.postMessage({ type: 'prompt' }));
  const reveal = el('button', 'secondary', 'Reveal Model Folder');
  reveal.addEventListener('click', () => vscode.postMessage({ type: 'reveal' }));
  toolbar.append(stop, prompt, reveal);

  const stats = el('section', 'stats');
  stats.setAttribute('aria-label', 'Training progress');
  const bar = el('progress', 'run-progress');
  const message = el('p', 'pl-hint run-message');

  const lossBox = el('section', 'chart');
  lossBox.setAttribute('aria-label', 'Loss chart');
  lossBox.append(el('h2', undefined, 'Loss'));
  const lossHost = el('div', 'chart-host loss-chart');
  lossBox.append(lossHost);
  const lrBox = el('section', 'chart');
  lrBox.append(el('h2', undefined, 'Learning rate'));
  const lrHost = el('div', 'chart-host lr-chart');
  lrBox.append(lrHost);

  const objective = el('div', 'objective-charts');
  const nodes = [header, toolbar, stats, bar, message, lossBox, objective, lrBox];
  app.replaceChildren(...nodes);
  view = {
    run, status, stats, bar, message, stop, prompt, loss: new LossChart(lossHost, run.metrics), lr: new LrChart(lrHost, run.metrics), objective, objectiveCharts: new Map(),
  };
  paint(view);
  return nodes;
}

function render(title: string, run: RunSnapshot | undefined, corpus: CorpusReport | undefined): void {
  view = undefined;
  app.replaceChildren();
  if (run) {
    renderRun(run);
    vscode.setState({ type: 'run', folder: run.folder });
  } else {
    const header = el('header');
    header.append(el('h1', undefined, title), el('p', 'pl-subtitle', 'What a pretraining run on this folder would read, and what it would skip'));
    app.append(header);
    if (corpus) vscode.setState({ type: 'corpus', root: corpus.root });
  }
  if (corpus) app.append(renderCorpus(corpus));
  app.removeAttribute('aria-busy');
  reported = undefined;
  reportDrawn();
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message?.type) {
    case 'init':
      render(message.title, message.run, message.corpus);
      return;
    case 'event':
      if (!view) return;
      applyEvent(view.run, message.event);
      schedulePaint();
      return;
    case 'run':
      if (!view) return;
      view.run = message.run;
      schedulePaint();
  }
});

vscode.postMessage({ type: 'ready' });
