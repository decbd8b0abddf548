// Typed access to the `pretrainLab.*` settings declared in package.json.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ExecutionProvider, isExecutionProvider } from './execution-provider';
import { resolveModelsFolder } from './models-folder';

export const SECTION = 'pretrainLab';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

export function executionProvider(): ExecutionProvider {
  const value = config().get<string>('executionProvider');
  return isExecutionProvider(value) ? value : 'auto';
}

/** Writes where the user will see it take effect: a workspace value would shadow
 *  a user-level one, so when the workspace sets it, the workspace is updated. */
export async function setExecutionProvider(value: ExecutionProvider): Promise<void> {
  const inspected = config().inspect<string>('executionProvider');
  const target = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config().update('executionProvider', value, target);
}

export function modelsFolder(context: vscode.ExtensionContext): string {
  return resolveModelsFolder(config().get<string>('modelsFolder') ?? '', {
    storageFolder: context.globalStorageUri.fsPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    home: os.homedir(),
  });
}

export function affectsModels(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.modelsFolder`);
}

export function affectsExecutionProvider(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.executionProvider`);
}
