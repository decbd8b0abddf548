// Webview side of the prompt playground (protocol: src/views/prompt/protocol.ts).
// A model list, a prompt, and per task its controls: sampling settings and a
// streamed continuation for decoders, top-k predictions with scores for [MASK]s.
import type { FromWebview, MaskFill, ModelChoice, PanelState, SamplingSettings, ToWebview } from '../../src/views/prompt/protocol';
import { el, select } from '../shared/dom';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  setState(state: PanelState): void;
  getState(): PanelState | undefined;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

/** Sampling defaults: Hugging Face's, except a modest length for a small local model. */
const settings: SamplingSettings = { maxNewTokens: 60, temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1.1, stop: [], seed: 0 };

let models: ModelChoice[] = [];
let current: ModelChoice | undefined;
let prompt = vscode.getState()?.prompt ?? '';
let busy = false;

const output = el('div', 'output');
output.setAttribute('aria-live', 'polite');
const status = el('p', 'pl-hint status');

function numberField(label: string, key: keyof Omit<SamplingSettings, 'stop'>, opts: { min: number; max: number; step: number; hint: string }): HTMLElement {
  const wrap = el('label', 'pl-field');
  wrap.title = opts.hint;
  wrap.append(el('span', 'pl-field-label', label));
  const input = el('input');
  input.type = 'number';
  Object.assign(input, { min: String(opts.min), max: String(opts.max), step: String(opts.step), value: String(settings[key]) });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (Number.isFinite(v)) settings[key] = Math.min(opts.max, Math.max(opts.min, opts.step >= 1 ? Math.round(v) : v));
    input.value = String(settings[key]);
  });
  wrap.append(input);
  return wrap;
}

function samplingControls(): HTMLElement {
  const bar = el('div', 'controls');
  const stop = el('label', 'pl-field');
  stop.title = 'Generation stops when the text contains one of these (comma-separated)';
  stop.append(el('span', 'pl-field-label', 'Stop at'));
  const stopInput = el('input');
  stopInput.type = 'text';
  stopInput.placeholder = 'e.g. \\n, .';
  stopInput.value = settings.stop.join(', ');
  stopInput.addEventListener('change', () => {
    settings.stop = stopInput.value.split(',').map((s) => s.trim().replace(/\\n/g, '\n')).filter(Boolean).slice(0, 8);
  });
  stop.append(stopInput);
  bar.append(
    numberField('Max new tokens', 'maxNewTokens', { min: 1, max: 4096, step: 1, hint: 'How many tokens to generate at most' }),
    numberField('Temperature', 'temperature', { min: 0, max: 10, step: 0.05, hint: '0 picks the most likely token every time (greedy)' }),
    numberField('Top-k', 'topK', { min: 0, max: 100000, step: 1, hint: 'Sample among the k most likely tokens (0: all)' }),
    numberField('Top-p', 'topP', { min: 0, max: 1, step: 0.01, hint: 'Sample among the most likely tokens whose probabilities add up to p (1: all)' }),
    numberField('Repetition penalty', 'repetitionPenalty', { min: 0.1, max: 10, step: 0.05, hint: 'Above 1 makes tokens already in the text less likely' }),
    numberField('Seed', 'seed', { min: 0, max: 2 ** 31 - 1, step: 1, hint: 'The same seed and settings give the same text' }),
    stop,
  );
  return bar;
}

function promptArea(): HTMLTextAreaElement {
  const area = el('textarea', 'prompt');
  area.rows = 5;
  area.value = prompt;
  area.setAttribute('aria-label', 'Prompt');
  area.placeholder = current?.task === 'fill-mask' ? 'A sentence with [MASK] where a word is missing' : 'Write the start of a text; the model continues it';
  area.addEventListener('input', () => {
    prompt = area.value;
    vscode.setState({ prompt });
  });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run();
  });
  return area;
}

function run(): void {
  if (!current?.task || !prompt.trim() || busy) return;
  setBusy(true);
  output.replaceChildren();
  if (current.task === 'generate') {
    output.append(el('span', 'prompt-echo', prompt), el('span', 'generated'));
    status.textContent = 'Generating…';
    vscode.postMessage({ type: 'generate', prompt, settings: { ...settings } });
  } else {
    status.textContent = 'Filling…';
    vscode.postMessage({ type: 'fillMask', text: prompt, topK: Math.max(1, Math.min(50, settings.topK || 5)) });
  }
}

function setBusy(value: boolean): void {
  busy = value;
  const go = document.getElementById('go') as HTMLButtonElement | null;
  const stop = document.getElementById('stop') as HTMLButtonElement | null;
  if (go) go.disabled = value || !current?.task;
  if (stop) stop.hidden = !value || current?.task !== 'generate';
}

function render(): void {
  const header = el('header');
  header.append(el('h1', undefined, 'Prompt Playground'));
  const modelPicker = select('Model', models.map((m) => [String(m.id), `${m.name} (${m.type}${m.task ? '' : ', not runnable'})`]),
    String(current?.id ?? ''), (v) => {
      current = models[Number(v)];
      if (current) vscode.postMessage({ type: 'chooseModel', id: current.id });
      render();
    });
  const top = el('div', 'controls');
  top.append(modelPicker);
  if (current?.task) top.append(el('span', 'pl-badge', current.task === 'generate' ? 'text generation' : 'fill-mask'));
  const body: HTMLElement[] = [header, top];
  if (!models.length) body.push(el('p', 'pl-hint', 'No models found. Pretrain one, or set the models folder in the settings.'));
  if (current && !current.task) body.push(el('p', 'pl-warning', `${current.name}: ${current.problem ?? 'not runnable here'}.`));
  if (current?.task === 'generate') body.push(samplingControls());
  body.push(promptArea());
  const actions = el('div', 'pl-toolbar');
  const go = el('button', undefined, current?.task === 'fill-mask' ? 'Fill Mask' : 'Generate');
  go.id = 'go';
  go.title = 'Ctrl+Enter';
  go.addEventListener('click', run);
  const stop = el('button', 'secondary', 'Stop');
  stop.id = 'stop';
  stop.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
  actions.append(go, stop);
  body.push(actions, status, output);
  app.replaceChildren(...body);
  app.removeAttribute('aria-busy');
  setBusy(busy);
}

function showFilled(results: MaskFill[]): void {
  output.replaceChildren();
  for (const result of results) {
    const table = el('table', 'predictions');
    table.append(el('caption', undefined, `[MASK] at token ${result.position}`));
    for (const p of result.predictions) {
      const row = el('tr');
      const bar = el('div', 'score-bar');
      bar.style.width = `${Math.round(p.score * 100)}%`;
      const barCell = el('td', 'score-cell');
      barCell.append(bar);
      row.append(el('td', 'token-cell', p.tokenStr), el('td', 'score', p.score.toFixed(3)), barCell, el('td', 'sequence', p.sequence));
      table.append(row);
    }
    output.append(table);
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message?.type) {
    case 'models':
      models = message.models;
      current = message.current === undefined ? undefined : models[message.current];
      render();
      return;
    case 'token':
      output.querySelector('.generated')!.textContent = message.text;
      return;
    case 'generated':
      output.querySelector('.generated')!.textContent = message.text;
      status.textContent = `${message.tokens} tokens · first after ${message.firstTokenMs.toFixed(0)} ms · ${message.tokensPerSec.toFixed(1)} tokens/s · stopped by ${message.stoppedBy}`;
      setBusy(false);
      return;
    case 'filled':
      showFilled(message.results);
      status.textContent = '';
      setBusy(false);
      return;
    case 'failed':
      status.textContent = message.message;
      setBusy(false);
      return;
  }
});

vscode.postMessage({ type: 'ready' });
