// "Pretrain Lab: Open Prompt Playground": the playground on the model given (a
// Models view item, a folder), else the selected one; it offers every model.
import * as vscode from 'vscode';
import { modelFromArgument } from './pick-model';
import type { Services } from '../host/services';

export const OPEN_PROMPT_PLAYGROUND = 'pretrainLab.openPromptPlayground';

export function registerOpenPromptPlayground(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_PROMPT_PLAYGROUND, async (arg?: unknown) => {
    s.panels.showPromptPlayground(await modelFromArgument(s, arg));
  });
}
