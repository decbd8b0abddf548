// "Pretrain Lab: Show Corpus Summary": what a pretraining run on this workspace folder would
// read (files and bytes per language) and everything it would skip, each with its reason.
import * as vscode from 'vscode';
import { corpusReport, type CorpusReport } from '../host/corpus/corpus-report';
import type { Services } from '../host/services';
import { modelsFolder } from '../host/settings';
import { pickWorkspaceFolder, scanWorkspaceFolder, trustedOrConfirmed } from '../host/corpus/workspace-corpus';

export const SHOW_CORPUS_SUMMARY = 'pretrainLab.showCorpusSummary';

export function registerShowCorpusSummary(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_CORPUS_SUMMARY, async (): Promise<CorpusReport | undefined> => {
    if (!(await trustedOrConfirmed('The corpus summary'))) return undefined;
    const folder = await pickWorkspaceFolder('Show Corpus Summary');
    if (!folder) return undefined;
    const scan = await scanWorkspaceFolder(folder, modelsFolder(s.context));
    if (!scan) return undefined;
    const report = corpusReport(scan);
    void s.panels.showDashboard({ kind: 'corpus', corpus: report });
    return report;
  });
}
