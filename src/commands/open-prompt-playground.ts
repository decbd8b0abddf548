// "Pretrain Lab: Open Prompt Playground": the playground on the model given (a
// Models view item, a folder), else the selected one; it offers every model.
import * as vscode from 'vscode';
import { PromptPanel } from '../views/prompt/panel';
import { modelFromArgument } from './pick-model';
import type { Services } from './services';

export const OPEN_PROMPT_PLAYGROUND = 'pretrainLab.openPromptPlayground';

export function registerOpenPromptPlayground(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_PROMPT_PLAYGROUND, async (arg?: unknown) => {
    PromptPanel.show(s, await modelFromArgument(s, arg));
  });
}
