// The Model Details panel: what a model folder holds (architecture, sizes, weights)
// with buttons to select it or reveal its folder. One panel, re-targeted when
// another model is shown. The webview never names a path: it asks to act on "this
// model", and the extension knows which that is.
import * as vscode from 'vscode';
import type { Services } from '../../host/services';
import type { ModelSummary } from '../../host/models/model-types';
import { createPanel, PanelKind, receiveMessages, registerPanelSerializer } from '../webview-base';
import { FromWebview, PanelState, parseFromWebview, parsePanelState, ToWebview, VIEW_TYPE } from './protocol';
import { restorableModel } from '../restore-model';

const KIND: PanelKind<FromWebview, PanelState> = {
  viewType: VIEW_TYPE,
  title: 'Model Details',
  script: 'dist/model-details.js',
  styles: ['model-details/style.css'],
  parseMessage: parseFromWebview,
  parseState: parsePanelState,
};

export class ModelDetailsPanel implements vscode.Disposable {
  private static current: ModelDetailsPanel | undefined;
  private readonly subscriptions: vscode.Disposable[];

  static show(s: Services, model: ModelSummary): void {
    if (ModelDetailsPanel.current) {
      ModelDetailsPanel.current.setModel(model);
      ModelDetailsPanel.current.panel.reveal();
      return;
    }
    ModelDetailsPanel.current = new ModelDetailsPanel(s, createPanel(s.context.extensionUri, KIND), model);
  }

  static registerSerializer(s: Services): vscode.Disposable {
    return registerPanelSerializer(s.context.extensionUri, KIND, s.log, async (panel, state) => {
      const known = await restorableModel(s, state.folder);
      if (!known) return false;
      ModelDetailsPanel.current?.dispose();
      ModelDetailsPanel.current = new ModelDetailsPanel(s, panel, known);
      return true;
    });
  }

  private constructor(
    private readonly s: Services,
    private readonly panel: vscode.WebviewPanel,
    private model: ModelSummary,
  ) {
    this.panel.title = `Model: ${model.name}`;
    this.subscriptions = [
      receiveMessages(panel.webview, KIND, s.log, (message) => this.handle(message)),
      s.selection.onDidChange(() => this.sendInit()),
      panel.onDidDispose(() => this.dispose()),
    ];
  }

  private setModel(model: ModelSummary): void {
    this.model = model;
    this.panel.title = `Model: ${model.name}`;
    this.sendInit();
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.sendInit();
      case 'select':
        await vscode.commands.executeCommand('pretrainLab.selectModel', this.model.folder);
        return;
      case 'reveal':
        await vscode.commands.executeCommand('pretrainLab.revealModelFolder', this.model.folder);
        return;
    }
  }

  private sendInit(): void {
    const message: ToWebview = { type: 'init', model: this.model, selected: this.model.folder === this.s.selection.folder };
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (ModelDetailsPanel.current === this) ModelDetailsPanel.current = undefined;
    for (const d of this.subscriptions) d.dispose();
    this.panel.dispose();
  }
}
