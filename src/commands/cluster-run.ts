// "Pretrain Lab: Continue Training on a Cluster…" packs a model's run for torchrun / accelerate
// (export-run), and "Pretrain Lab: Open Cluster Run…" brings a cluster run's output back as a
// model folder (import-run). Both are file work in this process: no job, no model loaded.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportRun } from '../cluster/export-run';
import { importRun } from '../cluster/import-run';
import { resolveModel } from './pick-model';
import type { Services } from '../host/services';

export const CONTINUE_ON_CLUSTER = 'pretrainLab.continueOnCluster';
export const OPEN_CLUSTER_RUN = 'pretrainLab.openClusterRun';

async function pickFolder(title: string, options: Partial<vscode.OpenDialogOptions> = {}): Promise<string | undefined> {
  const uris = await vscode.window.showOpenDialog({ title, canSelectFolders: true, canSelectFiles: false, canSelectMany: false, ...options });
  return uris?.[0]?.fsPath;
}

function showFailure(what: string, error: unknown): void {
  void vscode.window.showErrorMessage(`${what}: ${error instanceof Error ? error.message : String(error)}`);
}

export function registerContinueOnCluster(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CONTINUE_ON_CLUSTER, async (arg?: unknown) => {
    const title = 'Continue Training on a Cluster';
    const model = await resolveModel(s, arg, title);
    if (!model) return;
    const corpus = await pickFolder(`${title}: the corpus ${model.name} was pretrained on`, {
      canSelectFiles: true,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: 'Use as Corpus',
    });
    if (!corpus) return;
    const target = await vscode.window.showSaveDialog({
      title: `${title}: a new folder for the bundle`,
      defaultUri: vscode.Uri.file(path.join(path.dirname(model.folder), `${path.basename(model.folder)}-cluster`)),
      saveLabel: 'Create Bundle',
    });
    if (!target) return;
    try {
      const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Packing ${model.name} for a cluster…` }, () =>
        exportRun({ modelDir: model.folder, corpus, out: target.fsPath }),
      );
      const readme = 'Open README';
      const answer = await vscode.window.showInformationMessage(
        `Bundle ready: ${summary.modelType} ${summary.objective} from step ${summary.step}, ${summary.trainTokens.toLocaleString()} training tokens. Copy ${summary.bundle} to the cluster and launch train.py with torchrun or accelerate.`,
        readme,
      );
      if (answer === readme) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(path.join(summary.bundle, 'README.md')));
    } catch (error) {
      showFailure(title, error);
    }
  });
}

export function registerOpenClusterRun(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_CLUSTER_RUN, async () => {
    const title = 'Open Cluster Run';
    const output = await pickFolder(`${title}: the output folder of the bundle's train.py`, { openLabel: 'Open Run' });
    if (!output) return;
    const suggested = `${path.basename(path.dirname(output))}-${path.basename(output)}`;
    const name = await vscode.window.showInputBox({ title, prompt: `Name of the new model in ${s.catalog.userFolder}`, value: suggested, validateInput: (v) => (/^[\w.-]+$/.test(v) ? undefined : 'letters, digits, . _ - only') });
    if (!name) return;
    try {
      const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Importing ${output}…` }, () =>
        importRun(output, path.join(s.catalog.userFolder, name)),
      );
      s.catalog.refresh();
      void vscode.window.showInformationMessage(`Model ${name}: ${summary.modelType} at step ${summary.step}, with our part and the cluster part of its loss curve.`);
    } catch (error) {
      showFailure(title, error);
    }
  });
}
