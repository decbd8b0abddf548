// Webview side of the attention explorer (protocol: src/views/attention/protocol.ts).
// The extension sends a report; this page draws the model view (all layers × heads),
// and, for the chosen layer and head, the matrix heatmap or the head view. All
// choices (kind, layer, head, view, window) are local: switching costs no model run.
import { type AttentionKind, type AttentionReport, tokensFor } from '../../src/infer/attention-maps';
import type { ExplorerView, FromWebview, PanelState, ToWebview } from '../../src/views/attention/protocol';
import { el, segmented, select } from '../shared/dom';
import { readPalette } from './colors';
import { renderHeadView } from './head-view';
import { renderMatrix } from './heatmap';
import { renderModelView } from './model-view';
import { WINDOW, windowAt, windowed } from './tokens';
import { vscodeApi } from '../shared/vscode-api';

const vscode = vscodeApi<FromWebview, PanelState>();
const app = document.getElementById('app') as HTMLElement;

const KINDS: { value: AttentionKind; text: string; about: string }[] = [
  { value: 'self', text: 'Encoder self', about: 'encoder models (BERT) and encoder-decoders' },
  { value: 'causal', text: 'Decoder causal', about: 'decoder models (GPT-2) and encoder-decoders' },
  { value: 'cross', text: 'Cross', about: 'encoder-decoder models (T5, BART)' },
];

/** What the user chose; kept across reports of the same model so re-runs keep the view. */
const ui = {
  kind: 'causal' as AttentionKind,
  layer: 0,
  head: 0,
  detail: 'matrix' as 'matrix' | 'heads',
  windowStart: 0,
  // Empty means "not chosen yet": clampChoices then shows every head.
  shownHeads: new Set<number>(),
};
let current: Extract<ToWebview, { type: 'show' }> | undefined;
let draft = '';

function header(model: { name: string; type: string }, subtitle: string): HTMLElement {
  const head = el('header');
  const title = el('h1', undefined, `Attention · ${model.name} `);
  if (model.type) title.append(el('span', 'pl-badge', model.type));
  head.append(title, el('p', 'pl-subtitle', subtitle));
  return head;
}

function inputForm(text: string, running: boolean): HTMLElement {
  const form = el('form', 'input-form');
  const area = el('textarea');
  area.value = text;
  area.rows = 2;
  area.placeholder = 'Type a text to run the model on';
  area.setAttribute('aria-label', 'Input text');
  area.addEventListener('input', () => (draft = area.value));
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit();
  });
  const run = el('button', undefined, running ? 'Running…' : 'Show Attention');
  run.type = 'submit';
  run.disabled = running;
  form.append(area, run);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (area.value.trim()) vscode.postMessage({ type: 'run', text: area.value });
  });
  return form;
}

function mapsOf(report: AttentionReport, kind: AttentionKind) {
  return report.maps.filter((m) => m.kind === kind).sort((a, b) => a.layer - b.layer);
}

/** Keeps the choices valid for this report (another model may have other sizes). */
function clampChoices(report: AttentionReport): void {
  const kinds = new Set(report.maps.map((m) => m.kind));
  if (!kinds.has(ui.kind)) ui.kind = report.maps[0].kind;
  const maps = mapsOf(report, ui.kind);
  const heads = maps[0].weights.length;
  if (!maps.some((m) => m.layer === ui.layer)) ui.layer = maps[0].layer;
  ui.head = Math.min(ui.head, heads - 1);
  ui.shownHeads = new Set([...ui.shownHeads].filter((h) => h < heads));
  if (ui.shownHeads.size === 0) ui.shownHeads = new Set(Array.from({ length: heads }, (_, h) => h));
}

function toolbar(report: AttentionReport): HTMLElement {
  const kinds = new Set(report.maps.map((m) => m.kind));
  const maps = mapsOf(report, ui.kind);
  const heads = maps[0].weights.length;
  const bar = el('div', 'controls');
  bar.append(
    segmented('Attention kind', KINDS.map((k) => ({
      value: k.value,
      text: k.text,
      disabled: kinds.has(k.value) ? undefined : `This model has no ${k.text.toLowerCase()} attention: it exists in ${k.about}.`,
    })), ui.kind, (kind) => update(() => (ui.kind = kind))),
    select('Layer', maps.map((m) => [String(m.layer), `Layer ${m.layer}`]), String(ui.layer), (v) => update(() => (ui.layer = Number(v)))),
    select('Head', Array.from({ length: heads }, (_, h) => [String(h), `Head ${h}`]), String(ui.head), (v) => update(() => (ui.head = Number(v)))),
    segmented('Detail view', [{ value: 'matrix', text: 'Matrix' }, { value: 'heads', text: 'Head view' }], ui.detail,
      (detail) => update(() => (ui.detail = detail))),
  );
  const count = tokensFor(report, ui.kind).query.length;
  if (count > WINDOW) {
    const wrap = el('label', 'pl-field window');
    const win = windowAt(ui.windowStart, count);
    wrap.append(el('span', 'pl-field-label', `Tokens ${win.start + 1}–${win.end} of ${count}`));
    const slider = el('input');
    slider.type = 'range';
    slider.min = '0';
    slider.max = String(count - WINDOW);
    slider.value = String(win.start);
    slider.setAttribute('aria-label', 'First token shown');
    slider.addEventListener('input', () => update(() => (ui.windowStart = Number(slider.value))));
    wrap.append(slider);
    bar.append(wrap);
  }
  return bar;
}

function detailView(report: AttentionReport, available: number): HTMLElement {
  const map = mapsOf(report, ui.kind).find((m) => m.layer === ui.layer)!;
  const { query, key: keys } = tokensFor(report, ui.kind);
  const qWin = windowAt(ui.windowStart, query.length);
  // Cross attention looks at the whole (encoder) input; self and causal at the same window.
  const kWin = ui.kind === 'cross' ? windowAt(0, keys.length) : qWin;
  const palette = readPalette();
  const queryTokens = query.slice(qWin.start, qWin.end);
  const keyTokens = keys.slice(kWin.start, kWin.end);
  // Line and column per token (LayoutLM): single-stack reports only, whose keys are their queries.
  const places = report.tokensByKind ? undefined : report.tokenPositions;
  const queryPlaces = places?.slice(qWin.start, qWin.end);
  const keyPlaces = places?.slice(kWin.start, kWin.end);
  const section = el('section', 'detail');
  if (ui.detail === 'matrix') {
    section.append(el('h2', undefined, `Layer ${ui.layer} · head ${ui.head}`));
    section.append(renderMatrix({
      rows: windowed(map.weights[ui.head], qWin, kWin),
      queryTokens,
      keyTokens,
      queryOffset: qWin.start,
      keyOffset: kWin.start,
      palette,
      queryPlaces,
      keyPlaces,
    }, available));
  } else {
    section.append(el('h2', undefined, `Layer ${ui.layer} · all heads`));
    section.append(renderHeadView({
      heads: map.weights.map((rows) => windowed(rows, qWin, kWin)),
      queryTokens,
      keyTokens,
      palette,
      shown: ui.shownHeads,
      queryPlaces,
      keyPlaces,
    }));
  }
  return section;
}

function modelView(report: AttentionReport): HTMLElement {
  const { query, key } = tokensFor(report, ui.kind);
  const qWin = windowAt(ui.windowStart, query.length);
  const kWin = ui.kind === 'cross' ? windowAt(0, key.length) : qWin;
  const section = el('section', 'overview');
  section.append(el('h2', undefined, 'All layers × heads'));
  section.append(renderModelView({
    layers: mapsOf(report, ui.kind).map((m) => ({ layer: m.layer, heads: m.weights.map((rows) => windowed(rows, qWin, kWin)) })),
    selected: { layer: ui.layer, head: ui.head },
    palette: readPalette(),
    onPick: (layer, head) => update(() => Object.assign(ui, { layer, head, detail: 'matrix' })),
  }));
  return section;
}

function subtitle(view: ExplorerView): string {
  if (view.status === 'running') return 'Running the model…';
  if (view.status === 'error') return view.text ? 'No attention to show' : 'Nothing run yet';
  const { report, truncatedFrom } = view;
  const layers = new Set(report.maps.map((m) => m.layer)).size;
  const heads = report.maps[0]?.weights.length ?? 0;
  const cut = truncatedFrom ? ` (the first of ${truncatedFrom}: the model's context ends there)` : '';
  return `${report.queryTokens.length} tokens${cut} · ${layers} layers × ${heads} heads`;
}

function render(): void {
  if (!current) return;
  const { model, view } = current;
  const text = view.status === 'ready' ? view.report.text : view.text;
  const body: HTMLElement[] = [header(model, subtitle(view)), inputForm(draft || text, view.status === 'running')];
  if (view.status === 'error' && view.text) body.push(el('p', 'pl-warning', view.message));
  if (view.status === 'error' && !view.text) body.push(el('p', 'pl-hint', view.message));
  if (view.status === 'running') body.push(el('p', 'pl-hint', 'Running the model on this text…'));
  if (view.status === 'ready') {
    clampChoices(view.report);
    const layout = el('div', 'layout');
    const overview = modelView(view.report);
    layout.append(overview);
    body.push(toolbar(view.report), layout);
    app.replaceChildren(...body);
    // The matrix takes the width the overview leaves.
    layout.append(detailView(view.report, Math.max(240, layout.clientWidth - overview.offsetWidth - 140)));
  } else {
    app.replaceChildren(...body);
  }
  app.setAttribute('aria-busy', String(view.status === 'running'));
}

function update(change: () => void): void {
  change();
  render();
}

/** Draws a new report and tells the extension how long it took, up to the next frame. */
function show(message: Extract<ToWebview, { type: 'show' }>): void {
  const start = performance.now();
  if (current?.model.folder !== message.model.folder) ui.windowStart = 0;
  current = message;
  draft = '';
  const { view } = message;
  vscode.setState({ folder: message.model.folder, text: view.status === 'ready' ? view.report.text : view.text });
  render();
  if (view.status !== 'ready') return;
  requestAnimationFrame(() => {
    vscode.postMessage({ type: 'rendered', ms: performance.now() - start, tokens: view.report.queryTokens.length });
  });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  if (event.data?.type === 'show') show(event.data);
});
// Redraw on theme changes (VS Code swaps the body's classes) and resizes.
new MutationObserver(render).observe(document.body, { attributes: true, attributeFilter: ['class'] });
let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(render, 100);
});

vscode.postMessage({ type: 'ready' });
