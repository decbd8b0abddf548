// Scanning a workspace folder for a corpus, with the user's corpus and exclude settings, and
// the Workspace Trust question every command that reads the workspace asks first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CorpusScan } from '../../data/corpus-types';
import { corpusScanOptions, type ExcludeSetting } from './corpus-options';
import { SECTION } from '../settings';

export function scanSettings(folder: vscode.Uri) {
  const corpus = vscode.workspace.getConfiguration(`${SECTION}.corpus`, folder);
  return {
    include: corpus.get<string[]>('include') ?? [],
    exclude: corpus.get<string[]>('exclude') ?? [],
    filesExclude: vscode.workspace.getConfiguration('files', folder).get<ExcludeSetting>('exclude') ?? {},
    searchExclude: vscode.workspace.getConfiguration('search', folder).get<ExcludeSetting>('exclude') ?? {},
  };
}

/** A models folder inside the workspace holds tokenizers and configs, not text to learn from. */
function modelsFolderGlobs(folder: vscode.WorkspaceFolder, models: string): string[] {
  const relative = path.relative(folder.uri.fsPath, models);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return [];
  const glob = relative.split(path.sep).join('/');
  return [glob, `${glob}/**`];
}

/** Scans under a cancellable notification; undefined when the user cancelled. */
export async function scanWorkspaceFolder(folder: vscode.WorkspaceFolder, models: string): Promise<CorpusScan | undefined> {
  const { scanCorpus } = await import('../../data/corpus-scan');
  return withCancellableProgress(`Scanning ${folder.name} for text to train on…`, (signal) => {
    const settings = scanSettings(folder.uri);
    const exclude = [...settings.exclude, ...modelsFolderGlobs(folder, models)];
    return scanCorpus(folder.uri.fsPath, corpusScanOptions({ ...settings, exclude }, signal));
  });
}

/** Work under a notification whose Cancel aborts its signal; undefined when the user cancelled. */
export async function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => controller.abort());
    try {
      return await work(controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return undefined;
      throw e;
    } finally {
      listener.dispose();
    }
  });
}

/** The workspace folder to read: the only one, or the one the user picks; undefined when there
 *  is none (the user is told) or the pick was dismissed. */
export async function pickWorkspaceFolder(title: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(`${title}: open a folder first; its text files are the corpus.`);
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: `${title}: which folder's files?` });
}

/** In a workspace the user has not trusted, reading its files needs their say-so each time. */
export async function trustedOrConfirmed(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const proceed = 'Read Files Anyway';
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(
    `This workspace is in Restricted Mode. ${action} reads every text file in it (nothing is executed). Continue?`,
    { modal: true },
    proceed,
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return answer === proceed;
}
