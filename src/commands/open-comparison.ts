// "Pretrain Lab: Open Comparison…": the comparison view on a comparison's report — a folder or
// comparison.json given as the argument, else one picked from the models folder's
// comparisons/ (the one running or last run in this session first), or any comparison.json
// found with a file dialog. Resolves to the table the view drew (tests read it).
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORT_JSON, reportJsonPath } from '../compare/files';
import { COMPARISONS_FOLDER } from '../host/compare/compare-presets';
import { fromReport } from '../host/compare/comparison-state';
import { readComparisonReport } from '../host/compare/report-file';
import type { RenderedComparison } from '../host/panels';
import type { Services } from '../host/services';
import { modelsFolder } from '../host/settings';

export const OPEN_COMPARISON = 'pretrainLab.openComparison';
const TITLE = 'Open Comparison';

/** A comparison folder, from a folder or its comparison.json. */
function folderOf(given: string): string {
  return path.basename(given) === REPORT_JSON ? path.dirname(given) : given;
}

async function pickFolder(s: Services): Promise<string | undefined> {
  const root = path.join(modelsFolder(s.context), COMPARISONS_FOLDER);
  const session = s.comparisons.active ?? s.comparisons.last;
  const found = existsSync(root)
    ? readdirSync(root).map((name) => path.join(root, name)).filter((f) => existsSync(reportJsonPath(f)))
      .sort((a, b) => statSync(reportJsonPath(b)).mtimeMs - statSync(reportJsonPath(a)).mtimeMs)
    : [];
  const items = [
    ...found.map((folder) => ({ label: `$(graph) ${path.basename(folder)}`, detail: folder === session?.snapshot.folder ? 'this session’s comparison' : folder, folder })),
    { label: '$(folder-opened) Browse for a comparison.json…', detail: 'A report any comparison wrote, from the extension or the pretrain-lab CLI' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Which comparison?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if ('folder' in picked) return picked.folder;
  const uris = await vscode.window.showOpenDialog({ title: TITLE, canSelectMany: false, filters: { 'Comparison report': ['json'] }, openLabel: 'Open Comparison' });
  return uris?.[0] && folderOf(uris[0].fsPath);
}

export function registerOpenComparison(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_COMPARISON, async (arg?: unknown): Promise<RenderedComparison | undefined> => {
    const folder = typeof arg === 'string' ? folderOf(path.resolve(arg)) : await pickFolder(s);
    if (!folder) return undefined;
    const live = s.comparisons.find(folder);
    if (live) return s.panels.showComparison({ kind: 'live', run: live });
    try {
      const report = readComparisonReport(reportJsonPath(folder));
      return await s.panels.showComparison({ kind: 'finished', comparison: fromReport(path.basename(folder), folder, report) });
    } catch (e) {
      void vscode.window.showErrorMessage(`${TITLE}: ${(e as Error).message}`);
      return undefined;
    }
  });
}
