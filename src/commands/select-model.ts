// "Pretrain Lab: Select Model…": chooses the model other commands act on.
import * as vscode from 'vscode';
import { modelFromArgument, pickModel } from './pick-model';
import type { Services } from '../host/services';

export const SELECT_MODEL = 'pretrainLab.selectModel';

export function registerSelectModel(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SELECT_MODEL, async (arg?: unknown) => {
    const model = (await modelFromArgument(s, arg)) ?? (await pickModel(s, 'Select Model'));
    if (!model) return;
    if (!model.supported) {
      void vscode.window.showErrorMessage(`Cannot use ${model.folder}: ${model.problem ?? 'unsupported model'}.`);
      return;
    }
    await s.selection.select(model.folder);
    s.log.info(`selected model ${model.folder}`);
  });
}
