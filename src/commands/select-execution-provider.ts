// "Pretrain Lab: Select Execution Provider…": where ONNX Runtime runs models.
// Accepts the provider as an argument too, for keybindings and tests.
import * as vscode from 'vscode';
import { cudaProviderInstalled, ExecutionProvider, isExecutionProvider } from '../host/execution-provider';
import type { Services } from '../host/services';
import { executionProvider, setExecutionProvider } from '../host/settings';

export const SELECT_EXECUTION_PROVIDER = 'pretrainLab.selectExecutionProvider';

interface ProviderItem extends vscode.QuickPickItem {
  provider: ExecutionProvider;
}

function items(cudaReady: boolean): ProviderItem[] {
  return [
    { provider: 'auto', label: 'Automatic', description: cudaReady ? 'CUDA (installed)' : 'CPU: CUDA is not installed' },
    { provider: 'cpu', label: 'CPU', description: 'Works everywhere; threads from pretrainLab.threads' },
    {
      provider: 'cuda',
      label: 'CUDA',
      description: cudaReady ? 'NVIDIA GPU' : 'NVIDIA GPU: provider files not installed (run "Download CUDA Provider for ONNX Runtime")',
    },
  ];
}

async function ask(): Promise<ExecutionProvider | undefined> {
  const current = executionProvider();
  const pick = vscode.window.createQuickPick<ProviderItem>();
  pick.title = `Select Execution Provider (now: ${current})`;
  pick.items = items(cudaProviderInstalled());
  pick.activeItems = pick.items.filter((i) => i.provider === current);
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.provider);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

export function registerSelectExecutionProvider(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SELECT_EXECUTION_PROVIDER, async (arg?: unknown) => {
    if (arg !== undefined && !isExecutionProvider(arg)) {
      void vscode.window.showErrorMessage(`Unknown execution provider ${JSON.stringify(arg)}: use auto, cpu or cuda.`);
      return;
    }
    const provider = arg ?? (await ask());
    if (!provider) return;
    await setExecutionProvider(provider);
    s.log.info(`execution provider set to ${provider}`);
  });
}
