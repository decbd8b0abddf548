// The prompt playground: pick a model, then generate from a prompt (decoders,
// tokens streamed as they are chosen), fill [MASK]s (masked LMs) or classify a text
// (a finetuned head, or a template + verbalizer). Models run in the inference
// worker. One panel; a new generation stops the one running.
import * as vscode from 'vscode';
import type { Services } from '../../host/services';
import { sessionConfig } from '../../host/settings';
import type { ModelSummary } from '../../host/models/model-types';
import { panelMedia, PanelSlot, SlotPanel } from '../webview-base';
import { PromptFields, promptProblem } from '../../host/prompt/classify-prompt';
import { hasClassifierHead } from '../../host/prompt/classifier-head';
import { promptTask } from '../../host/prompt/prompt-task';
import { modelChoice } from './modes';
import { familiesWith, typeList } from '../../models/registry';
import { FromWebview, ModelChoice, PanelState, PromptMode, PROTOCOL, SamplingSettings, ToWebview } from './protocol';

export class PromptPanel extends SlotPanel<FromWebview, PanelState> {
  private static readonly slot = new PanelSlot<FromWebview, PanelState, PromptPanel>({ ...PROTOCOL, ...panelMedia('prompt', 'Prompt Playground', ['shared/controls.css']) });
  /** The list last sent to the webview; its ids index into it. */
  private models: ModelSummary[] = [];
  /** What was sent for each of `models`: the modes a request is checked against. */
  private choices: ModelChoice[] = [];
  private running: { cancel(): void } | undefined;

  static show(s: Services, model?: ModelSummary): void {
    const panel = PromptPanel.slot.open(s, (webviewPanel) => new PromptPanel(s, webviewPanel, model?.folder));
    if (model) panel.folder = model.folder;
    panel.panel.reveal();
    void panel.sendModels();
  }

  static registerSerializer(s: Services): vscode.Disposable {
    // The webview keeps its prompt; the model is the selected one, as on a fresh open.
    return PromptPanel.slot.registerSerializer(s, async (panel) => new PromptPanel(s, panel, s.selection.folder));
  }

  private constructor(
    private readonly s: Services,
    panel: vscode.WebviewPanel,
    private folder: string | undefined,
  ) {
    super(PromptPanel.slot, panel, s.log);
    this.listen(s.catalog.onDidChange(() => void this.sendModels()));
  }

  private get model(): ModelSummary | undefined {
    return this.models.find((m) => m.folder === this.folder);
  }

  protected async handle(message: FromWebview): Promise<void> {
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
      case 'classify':
        return this.classify(message.text, message.prompt);
      case 'stop':
        return this.stop();
    }
  }

  private async sendModels(): Promise<void> {
    const listed = await this.s.catalog.list();
    // A folder chosen by hand (not under a models folder) stays choosable.
    const extra = this.folder && !listed.some((m) => m.folder === this.folder) ? await this.s.catalog.find(this.folder) : undefined;
    const models = extra ? [extra, ...listed] : listed;
    const heads = await Promise.all(models.map((m) => (promptTask(m) ? hasClassifierHead(m.folder) : false)));
    this.models = models;
    this.choices = models.map((m, i) => modelChoice(m, i, heads[i]));
    if (!this.model) this.folder = this.models.find((m) => m.folder === this.s.selection.folder && promptTask(m))?.folder
      ?? this.models.find((m) => promptTask(m))?.folder;
    const current = this.models.findIndex((m) => m.folder === this.folder);
    if (this.model) this.panel.title = `Prompt: ${this.model.name}`;
    this.post({ type: 'models', models: this.choices, current: current >= 0 ? current : undefined });
  }

  /** The current model and what was offered for it, when that includes `mode`. */
  private offering(mode: PromptMode): { model: ModelSummary; choice: ModelChoice } | undefined {
    const id = this.models.findIndex((m) => m.folder === this.folder);
    const choice = this.choices[id];
    return choice?.modes.includes(mode) ? { model: this.models[id], choice } : undefined;
  }

  private async generate(prompt: string, settings: SamplingSettings): Promise<void> {
    const model = this.offering('generate')?.model;
    if (!model) return this.post({ type: 'failed', message: `Choose a decoder (${typeList(familiesWith('generate'))}) to generate text.` });
    this.stop();
    const started = performance.now();
    const job = this.s.inference.start('generate', {
      dir: model.folder,
      prompt,
      options: { ...settings, stop: settings.stop.length ? settings.stop : undefined },
      session: sessionConfig(),
    }, (e) => this.post({ type: 'token', text: e.text }));
    this.running = job;
    try {
      const result = await job.result;
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
      if (this.running === job) this.running = undefined;
    }
  }

  private async fillMask(text: string, topK: number): Promise<void> {
    const model = this.offering('fill-mask')?.model;
    if (!model) return this.post({ type: 'failed', message: `Choose a masked language model (${typeList(familiesWith('fillMask'))}) to fill masks.` });
    try {
      const results = await this.s.inference.start('fillMask', { dir: model.folder, text, topK, session: sessionConfig() }).result;
      this.post({ type: 'filled', results });
    } catch (e) {
      this.post({ type: 'failed', message: (e as Error).message });
    }
  }

  /** The webview checked the fields too; this check is the one a crafted message meets. */
  private async classify(text: string, prompt: PromptFields | null): Promise<void> {
    const offered = this.offering('classify');
    if (!offered) return this.post({ type: 'failed', message: `Choose a model that classifies (${typeList(familiesWith('promptClassify'))}) to classify text.` });
    const { model, choice } = offered;
    const byHead = choice.classifyWith === 'finetuned head';
    if (byHead !== (prompt === null)) {
      return this.post({ type: 'failed', message: byHead ? `${model.name} classifies with its finetuned head; it takes no template.` : `${model.name} has no classification head: give a template and a verbalizer.` });
    }
    const problem = prompt && promptProblem(prompt, choice.classifyWith === 'masked-LM prompt');
    if (problem) return this.post({ type: 'failed', message: problem });
    const started = performance.now();
    try {
      const result = await this.s.inference.start('classify', { dir: model.folder, text, prompt: prompt ?? undefined, session: sessionConfig() }).result;
      this.post({ type: 'classified', label: result.label, scores: result.scores, method: result.method, ms: performance.now() - started });
    } catch (e) {
      this.post({ type: 'failed', message: (e as Error).message });
    }
  }

  private stop(): void {
    this.running?.cancel();
    this.running = undefined;
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  protected override closing(): void {
    this.stop();
  }
}
