// Entry point: wires commands, views and the status bar; does no work itself.
// Nothing here may load ONNX Runtime: commands import it lazily when they run,
// so activation stays fast and works where the native binary cannot load.
import * as vscode from 'vscode';
import { ModelCatalog } from './commands/model-catalog';
import { ModelSelection } from './commands/model-selection';
import { registerRefreshModels } from './commands/refresh-models';
import { registerRevealModelFolder } from './commands/reveal-model-folder';
import { registerSelectExecutionProvider } from './commands/select-execution-provider';
import { registerSelectModel } from './commands/select-model';
import type { Services } from './commands/services';
import { registerShowModelDetails } from './commands/show-model-details';
import { ModelDetailsPanel } from './views/model-details/panel';
import { MODELS_VIEW, ModelsTreeProvider } from './views/models/models-tree';
import { createStatusBar } from './views/status-bar';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Pretrain Lab', { log: true });
  const catalog = new ModelCatalog(context);
  const selection = new ModelSelection(context.workspaceState);
  const s: Services = { context, log, catalog, selection };
  const tree = new ModelsTreeProvider(s);

  context.subscriptions.push(
    log,
    catalog,
    selection,
    tree,
    vscode.window.createTreeView(MODELS_VIEW, { treeDataProvider: tree, showCollapseAll: false }),
    createStatusBar(s),
    registerSelectModel(s),
    registerSelectExecutionProvider(s),
    registerRevealModelFolder(s),
    registerShowModelDetails(s),
    registerRefreshModels(s),
    ModelDetailsPanel.registerSerializer(s),
  );
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it.
}
