// Typed access to the `pretrainLab.*` settings declared in package.json.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ExecutionProvider, isExecutionProvider } from './execution-provider';
import { resolveModelsFolder } from './models-folder';
import type { SessionConfig } from '../runtime/session';
import { HYPERPARAM_FLAGS } from '../train/run/training-flags';
import type { RunShape, SizeKey } from './runs/pretrain-presets';

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

/**
 * The "Standard" preset: the `pretrainLab.defaults.*` settings (a GPT-2 by default). Each
 * setting's name and fallback are its flag's, from the table of training flags.
 */
export function defaultShape(): RunShape {
  const d = vscode.workspace.getConfiguration(`${SECTION}.defaults`);
  const value = (key: SizeKey) => {
    const flag = HYPERPARAM_FLAGS[key];
    return d.get<number>(flag.setting!.name) ?? flag.default;
  };
  return {
    arch: 'gpt2',
    layers: value('layers'),
    heads: value('heads'),
    dim: value('dim'),
    context: value('context'),
    batch: value('batch'),
    steps: value('steps'),
    vocabSize: value('vocabSize'),
  };
}

/** CPU threads for ONNX Runtime; undefined lets it choose (one per physical core). */
export function threads(): number | undefined {
  const value = config().get<number>('threads') ?? 0;
  return value > 0 ? value : undefined;
}

/** ONNX Runtime session options for inference, read per job so that changes apply at once. */
export function sessionConfig(): SessionConfig {
  const n = threads();
  return { device: executionProvider(), ...(n !== undefined ? { intraOpNumThreads: n } : {}) };
}
