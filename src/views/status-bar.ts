// The status bar item: which model commands act on and where it runs. Clicking it
// picks another model.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../commands/services';
import { affectsExecutionProvider, executionProvider } from '../commands/settings';

export function createStatusBar(s: Services): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('pretrainLab.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Pretrain Lab';
  item.command = 'pretrainLab.selectModel';
  const update = () => {
    const folder = s.selection.folder;
    const provider = executionProvider();
    item.text = `$(beaker) ${folder ? path.basename(folder) : 'No model'} · ${provider}`;
    item.tooltip = `Pretrain Lab\nModel: ${folder ?? 'none selected'}\nExecution provider: ${provider}\nClick to select a model`;
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    s.selection.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsExecutionProvider(e)) update();
    }),
  );
}
