// "Pretrain Lab: Download Pretrained Model…": a suggested small model or any repo id typed in,
// downloaded from the Hugging Face Hub into the models folder the Models view lists (only on the
// user's say-so), with progress and cancel; an interrupted download resumes on the next try.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { downloadModel, DOWNLOAD_RECORD_FILE, hubEndpoint, HubOfflineError } from '../hub';
import { downloadFolderFor, SUGGESTED_PRETRAINED } from '../host/pretrained-models';
import type { Services } from '../host/services';
import { JSON_FILE_LIMITS } from '../modelfile/json-file';
import { InputError } from '../util/errors';
import { formatBytes } from '../util/format';
import { readRegularText } from '../util/regular-file';

export const DOWNLOAD_PRETRAINED_MODEL = 'pretrainLab.downloadPretrainedModel';

/** The suggestions, and whatever else is typed as a repo id of its own. */
function pickRepo(): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = 'Download Pretrained Model from the Hugging Face Hub';
  pick.placeholder = 'Pick a model or type any repo id (owner/name); safetensors weights only';
  pick.ignoreFocusOut = true;
  const suggested: vscode.QuickPickItem[] = SUGGESTED_PRETRAINED.map((m) => ({ label: m.repo, description: m.about }));
  pick.items = suggested;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const known = suggested.some((s) => s.label === typed);
    pick.items = typed && !known ? [{ label: typed, description: 'repo id as typed' }, ...suggested] : suggested;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** A folder of the models folder that already holds this repo's download (read without blocking: a FIFO there must not hang the extension host). */
function alreadyDownloaded(folder: string, repo: string): boolean {
  try {
    return (JSON.parse(readRegularText(path.join(folder, DOWNLOAD_RECORD_FILE), JSON_FILE_LIMITS.config)) as { repo?: unknown }).repo === repo;
  } catch {
    return false;
  }
}

export function registerDownloadPretrainedModel(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(DOWNLOAD_PRETRAINED_MODEL, async (repoArgument?: string): Promise<string | undefined> => {
    const repo = typeof repoArgument === 'string' ? repoArgument : await pickRepo();
    if (!repo) return undefined;
    const modelsFolder = s.catalog.userFolder;
    const existing = path.join(modelsFolder, repo.split('/').pop()!);
    if (alreadyDownloaded(existing, repo)) {
      void vscode.window.showInformationMessage(`${repo} is already downloaded, in ${existing}.`);
      return existing;
    }
    const out = downloadFolderFor(modelsFolder, repo, existsSync);
    // VS Code's own proxy settings win over the environment's; its http.noProxy adds to NO_PROXY.
    const httpSettings = vscode.workspace.getConfiguration('http');
    const proxy = httpSettings.get<string>('proxy') || undefined;
    const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy ?? '', ...(httpSettings.get<string[]>('noProxy') ?? [])].filter((h) => h.trim()).join(',');
    const env = { ...process.env, NO_PROXY: noProxy, no_proxy: noProxy };
    try {
      const endpoint = hubEndpoint(undefined, process.env);
      const { dir, record } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Downloading ${repo}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const listener = token.onCancellationRequested(() => controller.abort());
          let total: number | undefined;
          let reported = 0;
          try {
            return await downloadModel({
              repo,
              revision: 'main',
              out,
              endpoint,
              http: { env, token: process.env.HF_TOKEN?.trim() || undefined, proxy, signal: controller.signal },
              onPlan: (plan) => {
                total = plan.totalBytes;
                progress.report({ message: `${plan.files.length} files${total ? `, ${formatBytes(total)}` : ''} at commit ${plan.commit.slice(0, 12)}` });
              },
              onProgress: (bytes) => {
                if (!total) return;
                const percent = (100 * bytes) / total;
                // Reported per half percent at most: chunks arrive far more often than anyone can read.
                if (percent - reported < 0.5 && bytes < total) return;
                progress.report({ message: `${formatBytes(bytes)} / ${formatBytes(total)}`, increment: percent - reported });
                reported = percent;
              },
            });
          } finally {
            listener.dispose();
          }
        },
      );
      s.log.info(`downloaded ${record.repo}@${record.revision} (commit ${record.commit}) into ${dir}: ${record.files.map((f) => `${f.name} sha256 ${f.sha256}`).join('; ')}`);
      s.catalog.refresh();
      void vscode.window.showInformationMessage(`${repo} is downloaded (commit ${record.commit.slice(0, 12)}), in the Models view.`);
      return dir;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') {
        void vscode.window.showInformationMessage(`Download of ${repo} cancelled; downloading it again resumes where it stopped.`);
      } else if (error instanceof InputError || error instanceof HubOfflineError) {
        void vscode.window.showErrorMessage(error.message);
      } else {
        s.log.error(`download of ${repo} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        void vscode.window.showErrorMessage(`Download of ${repo} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return undefined;
    }
  });
}
