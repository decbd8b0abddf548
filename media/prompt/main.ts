// Webview side of the prompt playground (protocol: src/views/prompt/protocol.ts).
// A model list, a mode, a prompt, and per mode its controls: sampling settings and a
// streamed continuation for decoders, top-k predictions with scores for [MASK]s,
// label probabilities for classification (classify.ts).
import type { FromWebview, MaskFill, ModelChoice, PanelState, PromptMode, SamplingSettings, ToWebview } from '../../src/views/prompt/protocol';
import { el, segmented, select } from '../shared/dom';
import { classifyControls, classifyProblem, classifyPrompt, showClassified } from './classify';
import { vscodeApi } from '../shared/vscode-api';

const vscode = vscodeApi<FromWebview, PanelState>();
const app = document.getElementById('app') as HTMLElement;

/** Sampling defaults: Hugging Face's, except a modest length for a small local model. */
const settings: SamplingSettings = { maxNewTokens: 60, temperature: 0.8, topK: 40, topP: 0.95, repetitionPenalty: 1.1, stop: [], seed: 0 };

let models: ModelChoice[] = [];
let current: ModelChoice | undefined;
/** The mode in use; kept when the next model offers it too. */
let mode: PromptMode | undefined;
let prompt = vscode.getState()?.prompt ?? '';
let busy = false;

const output = el('div', 'output');
output.setAttribute('aria-live', 'polite');
const status = el('p', 'pl-hint status');

/** Modes are named as nouns, their run buttons as verbs. */
const MODE_NAMES: Record<PromptMode, string> = { generate: 'Text generation', 'fill-mask': 'Fill-mask', classify: 'Classification' };
const RUN_LABELS: Record<PromptMode, string> = { generate: 'Generate', 'fill-mask': 'Fill Mask', classify: 'Classify' };
const PLACEHOLDERS: Record<PromptMode, string> = {
  generate: 'Write the start of a text; the model continues it',
  'fill-mask': 'A sentence with [MASK] where a word is missing',
  classify: 'A text to classify, e.g. a review',
};

function chooseModel(model: ModelChoice | undefined): void {
  current = model;
  if (!mode || !model?.modes.includes(mode)) mode = model?.modes[0];
}

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
  area.placeholder = PLACEHOLDERS[mode ?? 'generate'];
  area.addEventListener('input', () => {
    prompt = area.value;
    vscode.setState({ prompt });
  });
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run();
  });
  return area;
}

/** Why the current mode cannot run now, or undefined. */
function blocked(): string | undefined {
  if (!current || !mode) return 'no runnable model';
  return mode === 'classify' ? classifyProblem(current) : undefined;
}

function run(): void {
  if (!current || !mode || !prompt.trim() || busy || blocked()) return;
  setBusy(true);
  output.replaceChildren();
  switch (mode) {
    case 'generate':
      output.append(el('span', 'prompt-echo', prompt), el('span', 'generated'));
      status.textContent = 'Generating…';
      vscode.postMessage({ type: 'generate', prompt, settings: { ...settings } });
      return;
    case 'fill-mask':
      status.textContent = 'Filling…';
      vscode.postMessage({ type: 'fillMask', text: prompt, topK: Math.max(1, Math.min(50, settings.topK || 5)) });
      return;
    case 'classify':
      status.textContent = 'Classifying…';
      vscode.postMessage({ type: 'classify', text: prompt, prompt: classifyPrompt(current) });
      return;
  }
}

function setBusy(value: boolean): void {
  busy = value;
  const go = document.getElementById('go') as HTMLButtonElement | null;
  const stop = document.getElementById('stop') as HTMLButtonElement | null;
  if (go) go.disabled = value || !!blocked();
  if (stop) stop.hidden = !value || mode !== 'generate';
}

function render(): void {
  const header = el('header');
  header.append(el('h1', undefined, 'Prompt Playground'));
  const modelPicker = select('Model', models.map((m) => [String(m.id), `${m.name} (${m.type}${m.classifyWith === 'finetuned head' ? ' classifier' : ''}${m.modes.length ? '' : ', not runnable'})`]),
    String(current?.id ?? ''), (v) => {
      chooseModel(models[Number(v)]);
      if (current) vscode.postMessage({ type: 'chooseModel', id: current.id });
      output.replaceChildren();
      status.textContent = '';
      render();
    });
  const top = el('div', 'controls');
  top.append(modelPicker);
  if (current && current.modes.length > 1) {
    top.append(segmented('Mode', current.modes.map((m) => ({ value: m, text: MODE_NAMES[m] })), mode ?? current.modes[0], (m) => {
      // A generation still streaming would write into the next mode's output.
      if (busy) vscode.postMessage({ type: 'stop' });
      mode = m;
      output.replaceChildren();
      status.textContent = '';
      render();
    }));
  }
  if (mode === 'classify' && current?.classifyWith) top.append(el('span', 'pl-badge', current.classifyWith));
  const body: HTMLElement[] = [header, top];
  if (!models.length) body.push(el('p', 'pl-hint', 'No models found. Pretrain one, or set the models folder in the settings.'));
  if (current && !mode) body.push(el('p', 'pl-warning', `${current.name}: ${current.problem ?? 'not runnable here'}.`));
  if (mode === 'generate') body.push(samplingControls());
  if (mode === 'classify' && current) body.push(...classifyControls(current, () => setBusy(busy)));
  body.push(promptArea());
  const actions = el('div', 'pl-toolbar');
  const go = el('button', undefined, RUN_LABELS[mode ?? 'generate']);
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

/** The output's continuation, unless the user has switched modes since it started. */
function setGenerated(text: string): void {
  const generated = output.querySelector('.generated');
  if (generated) generated.textContent = text;
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
      chooseModel(message.current === undefined ? undefined : models[message.current]);
      render();
      return;
    case 'token':
      setGenerated(message.text);
      return;
    case 'generated':
      setGenerated(message.text);
      status.textContent = `${message.tokens} tokens · first after ${message.firstTokenMs.toFixed(0)} ms · ${message.tokensPerSec.toFixed(1)} tokens/s · stopped by ${message.stoppedBy}`;
      setBusy(false);
      return;
    case 'filled':
      showFilled(message.results);
      status.textContent = '';
      setBusy(false);
      return;
    case 'classified':
      if (mode === 'classify') showClassified(output, message);
      status.textContent = `${message.method} · ${message.ms.toFixed(0)} ms`;
      setBusy(false);
      return;
    case 'failed':
      status.textContent = message.message;
      setBusy(false);
      return;
  }
});

vscode.postMessage({ type: 'ready' });
