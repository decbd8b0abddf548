// Typed access to the `pretrainLab.*` settings declared in package.json.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ExecutionProvider, isExecutionProvider } from './execution-provider';
import { resolveModelsFolder } from './models-folder';
import type { RunShape } from './runs/pretrain-presets';

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

/** The "Standard" preset: the `pretrainLab.defaults.*` settings (a GPT-2 by default). */
export function defaultShape(): RunShape {
  const d = vscode.workspace.getConfiguration(`${SECTION}.defaults`);
  const int = (key: string, fallback: number) => d.get<number>(key) ?? fallback;
  return {
    arch: 'gpt2',
    layers: int('layers', 4),
    heads: int('heads', 4),
    dim: int('width', 128),
    context: int('context', 64),
    batch: int('batchSize', 12),
    steps: int('steps', 2000),
    vocabSize: int('vocabSize', 2048),
  };
}

/** CPU threads for ONNX Runtime; undefined lets it choose (one per physical core). */
export function threads(): number | undefined {
  const value = config().get<number>('threads') ?? 0;
  return value > 0 ? value : undefined;
}
