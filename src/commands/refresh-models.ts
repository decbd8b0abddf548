// "Pretrain Lab: Refresh Models": re-reads the model folders, for changes the
// file watcher cannot see (a network drive, a folder outside the watched one).
import * as vscode from 'vscode';
import type { Services } from '../host/services';

export const REFRESH_MODELS = 'pretrainLab.refreshModels';

export function registerRefreshModels(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(REFRESH_MODELS, () => s.catalog.refresh());
}
