// "Pretrain Lab: Reveal Model Folder": shows a model's folder where the user can
// act on it: the Explorer when it is in the workspace, the OS file manager on a
// local desktop, otherwise (a browser, a remote) an offer to open it as a window.
import * as vscode from 'vscode';
import { resolveModel } from './pick-model';
import type { Services } from '../host/services';

export const REVEAL_MODEL_FOLDER = 'pretrainLab.revealModelFolder';

async function reveal(folder: vscode.Uri): Promise<void> {
  if (vscode.workspace.getWorkspaceFolder(folder)) {
    await vscode.commands.executeCommand('revealInExplorer', folder);
  } else if (vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined) {
    await vscode.commands.executeCommand('revealFileInOS', folder);
  } else {
    const open = 'Open in New Window';
    const answer = await vscode.window.showInformationMessage(`The model folder is outside this workspace: ${folder.fsPath}`, open);
    if (answer === open) await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: true });
  }
}

export function registerRevealModelFolder(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(REVEAL_MODEL_FOLDER, async (arg?: unknown) => {
    const model = await resolveModel(s, arg, 'Reveal Model Folder');
    if (model) await reveal(vscode.Uri.file(model.folder));
  });
}
