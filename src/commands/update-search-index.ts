// "Pretrain Lab: Update Search Index": reads the folder's stored index afresh and brings every
// changed file up to date (the watcher does this file by file as they change; this catches up
// with changes made while VS Code was closed, and rebuilds an index that was damaged on disk,
// saying so). Resolves with the update.
import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { argsOf, failed, isTarget, searchTarget, type SearchOutcome, type TargetArgs } from './search-target';

export const UPDATE_SEARCH_INDEX = 'pretrainLab.updateSearchIndex';
const TITLE = 'Update Search Index';

export function registerUpdateSearchIndex(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(UPDATE_SEARCH_INDEX, async (arg?: unknown): Promise<SearchOutcome | undefined> => {
    const target = await searchTarget(s, TITLE, argsOf<TargetArgs>(arg));
    if (!target || !isTarget(target)) return target;
    try {
      const update = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Updating the search index of ${target.root}` },
        () => target.index.refresh(),
      );
      return { update, indexDir: target.index.indexDir };
    } catch (e) {
      return failed(TITLE, (e as Error).message);
    }
  });
}
