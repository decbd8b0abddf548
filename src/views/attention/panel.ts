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
import { panelMedia, PanelSlot, SlotPanel } from '../webview-base';
import { ExplorerView, FromWebview, PanelState, PROTOCOL, ToWebview } from './protocol';
import { restorableModel } from '../restore-model';

export class AttentionPanel extends SlotPanel<FromWebview, PanelState> {
  private static readonly slot = new PanelSlot<FromWebview, PanelState, AttentionPanel>({ ...PROTOCOL, ...panelMedia('attention', 'Attention', ['shared/controls.css']) });
  private view: ExplorerView;
  private webviewReady = false;
  /** Settles the latest run() once the webview reports it drawn (or it failed). */
  private settle: ((outcome: AttentionOutcome) => void) | undefined;
  private runId = 0;

  /** Shows the explorer for `model` on `text`; resolves when the result is on screen. */
  static show(s: Services, model: ModelSummary, text: string): Promise<AttentionOutcome> {
    const panel = AttentionPanel.slot.open(s, (webviewPanel) => new AttentionPanel(s, webviewPanel, model));
    panel.model = model;
    panel.panel.reveal();
    return panel.run(text);
  }

  static registerSerializer(s: Services): vscode.Disposable {
    return AttentionPanel.slot.registerRestorer(s, (state) => restorableModel(s, state.folder), (panel, known, state) => {
      const restored = new AttentionPanel(s, panel, known);
      if (state.text) void restored.run(state.text);
      return restored;
    });
  }

  private constructor(
    private readonly s: Services,
    panel: vscode.WebviewPanel,
    private model: ModelSummary,
  ) {
    super(AttentionPanel.slot, panel, s.log);
    this.view = { status: 'error', text: '', message: 'Type a text and press Show Attention.' };
  }

  protected handle(message: FromWebview): void {
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

  protected override closing(): void {
    this.finish({ error: 'the attention explorer was closed' });
  }
}
