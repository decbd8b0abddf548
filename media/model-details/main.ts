// Webview side of the Model Details panel (protocol: src/views/model-details/protocol.ts).
// Renders with textContent only: names and values come from files on disk.
import { formatBytes } from '../../src/util/format';
import type { ModelSummary } from '../../src/host/models/model-types';
import type { FromWebview, PanelState, ToWebview } from '../../src/views/model-details/protocol';
import { vscodeApi } from '../shared/vscode-api';

const vscode = vscodeApi<FromWebview, PanelState>();
const app = document.getElementById('app') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function facts(model: ModelSummary): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['Architecture', model.modelType],
    ['Layers', model.decoderLayers ? `${model.layers ?? '?'} + ${model.decoderLayers}` : model.layers?.toString()],
    ['Heads', model.heads?.toString()],
    ['Width', model.width?.toString()],
    ['Context', model.context ? `${model.context} tokens` : undefined],
    ['Vocabulary', model.vocabSize?.toLocaleString()],
    ['Weights', model.weightsBytes === undefined ? 'none yet' : formatBytes(model.weightsBytes)],
    ['Training steps', model.training?.steps.toLocaleString()],
    ['Final training loss', model.training?.finalLoss?.toFixed(3)],
    ['Validation loss', model.training?.valLoss?.toFixed(3)],
    ['Perplexity', model.training?.perplexity?.toFixed(2)],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

function render(model: ModelSummary, selected: boolean): void {
  const header = el('header');
  const title = el('h1', undefined, `${model.name} `);
  title.append(el('span', 'pl-badge', model.source === 'bundled' ? 'bundled' : 'yours'));
  if (selected) title.append(' ', el('span', 'pl-badge', 'selected'));
  header.append(title, el('p', 'pl-subtitle', model.folder));

  const body: HTMLElement[] = [header];
  if (model.problem) body.push(el('p', 'pl-warning', model.problem));

  const grid = el('section', 'facts');
  grid.setAttribute('aria-label', 'Model facts');
  for (const [label, value] of facts(model)) {
    const fact = el('div', 'fact');
    fact.append(el('div', 'fact-label', label), el('div', 'fact-value', value));
    grid.append(fact);
  }
  body.push(grid);

  const toolbar = el('div', 'pl-toolbar');
  const select = el('button', undefined, selected ? 'Selected' : 'Use This Model');
  select.disabled = selected || !model.supported;
  select.addEventListener('click', () => vscode.postMessage({ type: 'select' }));
  const reveal = el('button', 'secondary', 'Reveal Folder');
  reveal.addEventListener('click', () => vscode.postMessage({ type: 'reveal' }));
  toolbar.append(select, reveal);
  body.push(toolbar);

  app.replaceChildren(...body);
  app.removeAttribute('aria-busy');
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type !== 'init') return;
  vscode.setState({ folder: message.model.folder });
  render(message.model, message.selected);
});

vscode.postMessage({ type: 'ready' });
