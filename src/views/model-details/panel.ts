// The Model Details panel: what a model folder holds (architecture, sizes, weights)
// with buttons to select it or reveal its folder. One panel, re-targeted when
// another model is shown. The webview never names a path: it asks to act on "this
// model", and the extension knows which that is.
import * as vscode from 'vscode';
import type { Services } from '../../host/services';
import type { ModelSummary } from '../../host/models/model-types';
import { panelMedia, PanelSlot, SlotPanel } from '../webview-base';
import { FromWebview, PanelState, PROTOCOL, ToWebview } from './protocol';
import { restorableModel } from '../restore-model';

export class ModelDetailsPanel extends SlotPanel<FromWebview, PanelState> {
  private static readonly slot = new PanelSlot<FromWebview, PanelState, ModelDetailsPanel>({ ...PROTOCOL, ...panelMedia('model-details', 'Model Details') });

  static show(s: Services, model: ModelSummary): void {
    ModelDetailsPanel.slot.show(s, (open) => open.setModel(model), (panel) => new ModelDetailsPanel(s, panel, model));
  }

  static registerSerializer(s: Services): vscode.Disposable {
    return ModelDetailsPanel.slot.registerRestorer(s, (state) => restorableModel(s, state.folder), (panel, known) => new ModelDetailsPanel(s, panel, known));
  }

  private constructor(
    private readonly s: Services,
    panel: vscode.WebviewPanel,
    private model: ModelSummary,
  ) {
    super(ModelDetailsPanel.slot, panel, s.log);
    this.panel.title = `Model: ${model.name}`;
    this.listen(s.selection.onDidChange(() => this.sendInit()));
  }

  private setModel(model: ModelSummary): void {
    this.model = model;
    this.panel.title = `Model: ${model.name}`;
    this.sendInit();
  }

  protected async handle(message: FromWebview): Promise<void> {
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
}
