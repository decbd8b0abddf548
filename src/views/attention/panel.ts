// The attention explorer panel: runs a model on a text in the inference worker and
// hands the report to the webview, which draws it. One panel, re-targeted when
// attention is asked for again. The webview can ask to run another text on the
// same model; it never names a model or a path.
import * as vscode from 'vscode';
import type { Services } from '../../host/services';
import { sessionConfig } from '../../host/settings';
import type { ModelSummary } from '../../host/models/model-types';
import { FAMILIES, familyFor, isModelType } from '../../models/registry';
import type { AttentionOutcome } from '../../host/panels';
import { createPanel, PanelKind, receiveMessages, registerPanelSerializer } from '../webview-base';
import { ExplorerView, FromWebview, PanelState, parseFromWebview, parsePanelState, ToWebview, VIEW_TYPE } from './protocol';
import { restorableModel } from '../restore-model';

const KIND: PanelKind<FromWebview, PanelState> = {
  viewType: VIEW_TYPE,
  title: 'Attention',
  script: 'dist/attention.js',
  styles: ['shared/controls.css', 'attention/style.css'],
  parseMessage: parseFromWebview,
  parseState: parsePanelState,
};


export class AttentionPanel implements vscode.Disposable {
  private static current: AttentionPanel | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private view: ExplorerView;
  private webviewReady = false;
  /** Settles the latest run() once the webview reports it drawn (or it failed). */
  private settle: ((outcome: AttentionOutcome) => void) | undefined;
  private runId = 0;

  /** Shows the explorer for `model` on `text`; resolves when the result is on screen. */
  static show(s: Services, model: ModelSummary, text: string): Promise<AttentionOutcome> {
    const panel = AttentionPanel.current ?? new AttentionPanel(s, createPanel(s.context.extensionUri, KIND), model);
    AttentionPanel.current = panel;
    panel.model = model;
    panel.panel.reveal();
    return panel.run(text);
  }

  static registerSerializer(s: Services): vscode.Disposable {
    return registerPanelSerializer(s.context.extensionUri, KIND, s.log, async (panel, state) => {
      const known = await restorableModel(s, state.folder);
      if (!known) return false;
      AttentionPanel.current?.dispose();
      const restored = new AttentionPanel(s, panel, known);
      AttentionPanel.current = restored;
      if (state.text) void restored.run(state.text);
      return true;
    });
  }

  private constructor(
    private readonly s: Services,
    private readonly panel: vscode.WebviewPanel,
    private model: ModelSummary,
  ) {
    this.view = { status: 'error', text: '', message: 'Type a text and press Show Attention.' };
    this.subscriptions = [
      receiveMessages(panel.webview, KIND, s.log, (message) => this.handle(message)),
      panel.onDidDispose(() => this.dispose()),
    ];
  }

  private handle(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        this.post();
        return;
      case 'run':
        void this.run(message.text);
        return;
      case 'rendered':
        this.s.log.info(`attention explorer: drew ${message.tokens} tokens in ${message.ms.toFixed(1)} ms`);
        this.finish({ tokens: message.tokens, renderMs: message.ms });
        return;
    }
  }

  private async run(text: string): Promise<AttentionOutcome> {
    this.finish({ error: 'superseded by a newer run' });
    const id = ++this.runId;
    const outcome = new Promise<AttentionOutcome>((resolve) => (this.settle = resolve));
    this.panel.title = `Attention: ${this.model.name}`;
    this.setView({ status: 'running', text });
    const view = await this.compute(text);
    if (id !== this.runId) return outcome; // a newer run took over while this one computed
    this.setView(view);
    if (view.status === 'error') this.finish({ error: view.message });
    return outcome;
  }

  private async compute(text: string): Promise<ExplorerView> {
    const { model, s } = this;
    if (!model.supported || !isModelType(model.modelType) || familyFor(model.modelType).attention.length === 0) {
      const type = model.modelType ?? 'unknown';
      const drawn = FAMILIES.filter((f) => f.attention.length > 0).map((f) => f.displayName).join(', ');
      return {
        status: 'error',
        text,
        message: `The attention explorer draws ${drawn} models; ${model.name} is a "${type}" model.`,
      };
    }
    try {
      const { report, truncatedFrom } = await s.inference.start('attentionReport', {
        dir: model.folder,
        name: model.name,
        text,
        session: sessionConfig(),
      }).result;
      return { status: 'ready', report, truncatedFrom };
    } catch (e) {
      s.log.error(`attention for ${model.folder}: ${(e as Error).stack ?? e}`);
      return { status: 'error', text, message: (e as Error).message };
    }
  }

  private setView(view: ExplorerView): void {
    this.view = view;
    this.post();
  }

  private post(): void {
    if (!this.webviewReady) return; // 'ready' will ask for it
    const { name, folder, modelType } = this.model;
    const message: ToWebview = { type: 'show', model: { name, folder, type: modelType ?? '' }, view: this.view };
    void this.panel.webview.postMessage(message);
  }

  private finish(outcome: AttentionOutcome): void {
    this.settle?.(outcome);
    this.settle = undefined;
  }

  dispose(): void {
    if (AttentionPanel.current === this) AttentionPanel.current = undefined;
    this.finish({ error: 'the attention explorer was closed' });
    for (const d of this.subscriptions) d.dispose();
    this.panel.dispose();
  }
}
