// "Pretrain Lab: Download CUDA Provider for ONNX Runtime": fetches the CUDA provider libraries
// for the running ORT version from NuGet (only now, on the user's say-so), checks them, and
// makes `cuda` usable. Offline, it says so plainly.
import * as vscode from 'vscode';
import { CUDA_PACKAGE_ID } from '../host/cuda/nuget';
import type { Stage } from '../host/cuda/fetch-provider';
import type { Services } from '../host/services';
import { ortPackageDir, ortPackageVersion } from '../runtime/provider-files';
import { setExecutionProvider } from '../host/settings';

export const DOWNLOAD_CUDA_PROVIDER = 'pretrainLab.downloadCudaProvider';

const STAGE_TEXT: Record<Stage, string> = {
  resolving: 'looking the package up on NuGet…',
  downloading: 'downloading',
  verifying: 'checking its SHA-512 against NuGet’s…',
  extracting: 'extracting the provider libraries…',
  installing: 'installing next to ONNX Runtime…',
};

async function chooseFolder(s: Services): Promise<vscode.Uri | undefined> {
  const storage = vscode.Uri.joinPath(s.context.globalStorageUri, 'cuda-provider');
  const picked = await vscode.window.showQuickPick(
    [
      { label: '$(database) Extension storage', detail: storage.fsPath, uri: storage },
      { label: '$(folder-opened) Choose a Folder…', detail: 'Keep the libraries (~hundreds of MB) somewhere else', uri: undefined },
    ],
    { title: 'Download CUDA Provider: where to keep the libraries?', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const [folder] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Keep Here' })) ?? [];
  return folder;
}

export function registerDownloadCudaProvider(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(DOWNLOAD_CUDA_PROVIDER, async (): Promise<string | undefined> => {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      void vscode.window.showInformationMessage(`ONNX Runtime ships CUDA providers for Linux x64 only; this is ${process.platform} ${process.arch}.`);
      return undefined;
    }
    const { fetchCudaProvider, OfflineError } = await import('../host/cuda/fetch-provider');
    const ortPackage = ortPackageDir();
    const version = await ortPackageVersion(ortPackage);
    const go = 'Download';
    const answer = await vscode.window.showInformationMessage(
      `Download ONNX Runtime ${version}'s CUDA provider (${CUDA_PACKAGE_ID} from nuget.org, several hundred MB)?`,
      { modal: true, detail: 'Running on CUDA also needs an NVIDIA driver, CUDA 12 and cuDNN 9 installed on this machine.' },
      go,
    );
    if (answer !== go) return undefined;
    const folder = await chooseFolder(s);
    if (!folder) return undefined;

    try {
      const install = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'CUDA provider', cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const listener = token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          try {
            return await fetchCudaProvider({
              ortPackage,
              folder: folder.fsPath,
              fetchImpl: fetch,
              signal: controller.signal,
              onStage: (stage, detail) => {
                if (stage !== 'downloading' || !detail) return progress.report({ message: STAGE_TEXT[stage] });
                const mb = (n: number) => (n / 1e6).toFixed(0);
                const fraction = detail.total ? (100 * detail.received) / detail.total : reported;
                // Reports per MB at most: chunks arrive far more often than anyone can read.
                if (detail.total && fraction - reported < 0.5) return;
                progress.report({ message: `downloading ${mb(detail.received)}${detail.total ? ` / ${mb(detail.total)}` : ''} MB`, increment: fraction - reported });
                reported = fraction;
              },
            });
          } finally {
            listener.dispose();
          }
        },
      );
      s.log.info(`CUDA provider ${install.version} ${install.how} from ${install.folder}: ${install.files.map((f) => `${f.name} sha256 ${f.sha256}`).join('; ')}`);
      const use = 'Use CUDA';
      const next = await vscode.window.showInformationMessage(`ONNX Runtime ${install.version}'s CUDA provider is installed (${install.how} from ${install.folder}).`, use);
      if (next === use) await setExecutionProvider('cuda');
      return install.folder;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        void vscode.window.showInformationMessage('CUDA provider download cancelled; nothing was installed.');
      } else if (error instanceof OfflineError) {
        void vscode.window.showErrorMessage(error.message);
      } else {
        void vscode.window.showErrorMessage(`CUDA provider download failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return undefined;
    }
  });
}
