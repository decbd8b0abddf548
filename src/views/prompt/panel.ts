// The prompt playground: pick a model, then generate from a prompt (decoders,
// tokens streamed as they are chosen) or fill [MASK]s (masked LMs). Models run in
// the inference worker. One panel; a new generation stops the one running.
import * as vscode from 'vscode';
import type { Services } from '../../commands/services';
import type { ModelSummary } from '../models/model-types';
import { createPanel, PanelKind, receiveMessages, registerPanelSerializer } from '../webview-base';
import {
  FromWebview, ModelChoice, PanelState, parseFromWebview, parsePanelState, PromptTask, SamplingSettings, ToWebview, VIEW_TYPE,
} from './protocol';

const KIND: PanelKind<FromWebview, PanelState> = {
  viewType: VIEW_TYPE,
  title: 'Prompt Playground',
  script: 'dist/prompt.js',
  styles: ['shared/controls.css', 'prompt/style.css'],
  parseMessage: parseFromWebview,
  parseState: parsePanelState,
};

/** What the playground can do with a model of this type. */
export function promptTask(model: ModelSummary): PromptTask | undefined {
  if (!model.supported) return undefined;
  if (model.modelType === 'gpt2') return 'generate';
  if (model.modelType === 'bert') return 'fill-mask';
  return undefined;
}

function choice(model: ModelSummary, id: number): ModelChoice {
  const task = promptTask(model);
  const problem = task ? undefined
    : model.problem ?? `the playground runs GPT-2 (generation) and BERT (fill-mask) models; "${model.modelType}" is not wired up yet`;
  return { id, name: model.name, type: model.modelType ?? '?', task, problem };
}

export class PromptPanel implements vscode.Disposable {
  private static current: PromptPanel | undefined;
  private readonly subscriptions: vscode.Disposable[];
  /** The list last sent to the webview; its ids index into it. */
  private models: ModelSummary[] = [];
  private running: AbortController | undefined;

  static show(s: Services, model?: ModelSummary): void {
    const panel = PromptPanel.current ?? new PromptPanel(s, createPanel(s.context.extensionUri, KIND), model?.folder);
    PromptPanel.current = panel;
    if (model) panel.folder = model.folder;
    panel.panel.reveal();
    void panel.sendModels();
  }

  static registerSerializer(s: Services): vscode.Disposable {
    return registerPanelSerializer(s.context.extensionUri, KIND, s.log, async (panel) => {
      PromptPanel.current?.dispose();
      // The webview keeps its prompt; the model is the selected one, as on a fresh open.
      PromptPanel.current = new PromptPanel(s, panel, s.selection.folder);
      return true;
    });
  }

  private constructor(
    private readonly s: Services,
    private readonly panel: vscode.WebviewPanel,
    private folder: string | undefined,
  ) {
    this.subscriptions = [
      receiveMessages(panel.webview, KIND, s.log, (message) => this.handle(message)),
      s.catalog.onDidChange(() => void this.sendModels()),
      panel.onDidDispose(() => this.dispose()),
    ];
  }

  private get model(): ModelSummary | undefined {
    return this.models.find((m) => m.folder === this.folder);
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.sendModels();
      case 'chooseModel': {
        const model = this.models[message.id];
        if (!model) return;
        this.stop();
        this.folder = model.folder;
        this.panel.title = `Prompt: ${model.name}`;
        return;
      }
      case 'generate':
        return this.generate(message.prompt, message.settings);
      case 'fillMask':
        return this.fillMask(message.text, message.topK);
      case 'stop':
        return this.stop();
    }
  }

  private async sendModels(): Promise<void> {
    const listed = await this.s.catalog.list();
    // A folder chosen by hand (not under a models folder) stays choosable.
    const extra = this.folder && !listed.some((m) => m.folder === this.folder) ? await this.s.catalog.find(this.folder) : undefined;
    this.models = extra ? [extra, ...listed] : listed;
    if (!this.model) this.folder = this.models.find((m) => m.folder === this.s.selection.folder && promptTask(m))?.folder
      ?? this.models.find((m) => promptTask(m))?.folder;
    const current = this.models.findIndex((m) => m.folder === this.folder);
    if (this.model) this.panel.title = `Prompt: ${this.model.name}`;
    this.post({ type: 'models', models: this.models.map(choice), current: current >= 0 ? current : undefined });
  }

  private async generate(prompt: string, settings: SamplingSettings): Promise<void> {
    const model = this.model;
    if (!model || promptTask(model) !== 'generate') return this.post({ type: 'failed', message: 'Choose a GPT-2 model to generate text.' });
    this.stop();
    const controller = new AbortController();
    this.running = controller;
    const started = performance.now();
    try {
      const result = await this.s.inference.call('generate', {
        dir: model.folder,
        prompt,
        options: { ...settings, stop: settings.stop.length ? settings.stop : undefined },
        session: this.s.inference.sessionConfig(),
      }, { signal: controller.signal, onEvent: (e) => this.post({ type: 'token', text: e.text }) });
      const seconds = (performance.now() - started) / 1000;
      this.post({
        type: 'generated',
        text: result.text,
        stoppedBy: result.stoppedBy,
        tokens: result.ids.length,
        firstTokenMs: result.firstTokenMs,
        tokensPerSec: result.ids.length / Math.max(seconds, 1e-3),
      });
    } catch (e) {
      const error = e as Error;
      this.post({ type: 'failed', message: error.name === 'JobCancelledError' ? 'Stopped.' : error.message });
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  private async fillMask(text: string, topK: number): Promise<void> {
    const model = this.model;
    if (!model || promptTask(model) !== 'fill-mask') return this.post({ type: 'failed', message: 'Choose a BERT model to fill masks.' });
    try {
      const results = await this.s.inference.call('fillMask', { dir: model.folder, text, topK, session: this.s.inference.sessionConfig() });
      this.post({ type: 'filled', results });
    } catch (e) {
      this.post({ type: 'failed', message: (e as Error).message });
    }
  }

  private stop(): void {
    this.running?.abort();
    this.running = undefined;
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (PromptPanel.current === this) PromptPanel.current = undefined;
    this.stop();
    for (const d of this.subscriptions) d.dispose();
    this.panel.dispose();
  }
}
