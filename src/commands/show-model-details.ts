// "Pretrain Lab: Show Model Details": the Model Details panel for a model from the
// Models view, the selected model, or one picked now.
import * as vscode from 'vscode';
import { resolveModel } from './pick-model';
import type { Services } from '../host/services';

export const SHOW_MODEL_DETAILS = 'pretrainLab.showModelDetails';

export function registerShowModelDetails(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_MODEL_DETAILS, async (arg?: unknown) => {
    const model = await resolveModel(s, arg, 'Show Model Details');
    if (model) s.panels.showModelDetails(model);
  });
}
