// "Pretrain Lab: Show Corpus Summary": what a pretraining run on this workspace folder would
// read (files and bytes per language), everything it would skip, each with its reason, and the
// code/text pairs among the files read (per language and kind).
import * as vscode from 'vscode';
import { corpusReport, type CorpusReport } from '../host/corpus/corpus-report';
import { pairReport } from '../host/corpus/pair-report';
import type { Services } from '../host/services';
import { modelsFolder } from '../host/settings';
import { pickWorkspaceFolder, scanWorkspaceFolder, trustedOrConfirmed, withCancellableProgress } from '../host/corpus/workspace-corpus';

export const SHOW_CORPUS_SUMMARY = 'pretrainLab.showCorpusSummary';

export function registerShowCorpusSummary(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_CORPUS_SUMMARY, async (): Promise<CorpusReport | undefined> => {
    if (!(await trustedOrConfirmed('The corpus summary'))) return undefined;
    const folder = await pickWorkspaceFolder('Show Corpus Summary');
    if (!folder) return undefined;
    const scan = await scanWorkspaceFolder(folder, modelsFolder(s.context));
    if (!scan) return undefined;
    // Cancelled, the summary shows without its pair counts.
    const pairs = await withCancellableProgress('Counting code/text pairs…', (signal) => pairReport(scan, signal));
    const report: CorpusReport = { ...corpusReport(scan), ...(pairs ? { pairs } : {}) };
    void s.panels.showDashboard({ kind: 'corpus', corpus: report });
    return report;
  });
}
