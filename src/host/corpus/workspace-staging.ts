// A workspace folder made ready for a training job that reads a corpus (pretraining, or
// continued language-model training of a model): scanned with the editor's settings, the
// files kept staged where the job reads them (corpus-staging.ts says why), and the scan's
// report written into the new model's folder. An empty scan is said plainly, with a way to see
// why every file was skipped.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { corpusReport, type CorpusReport } from './corpus-report';
import { writeCorpusReport } from '../runs/run-files';
import { stageCorpus } from './corpus-staging';
import type { Services } from '../services';
import { modelsFolder } from '../settings';
import { scanWorkspaceFolder } from './workspace-corpus';

export interface StagedCorpus {
  /** The folder the job reads. */
  folder: string;
  report: CorpusReport;
  files: number;
  /** Deletes the staged copy (when the job has ended). */
  remove(): Promise<void>;
}

/** Where a job's corpus is staged, and whether its report goes into `out` (a comparison's
 *  folder takes none: it must hold only the comparison, and its staging path must stay the
 *  same so that a resumed comparison reads the corpus it was planned on). */
export interface StagingOptions {
  staging?: string;
  writeReport?: boolean;
}

/** Undefined when the scan was cancelled or found nothing to train on (the user was told). */
export async function stageWorkspaceCorpus(s: Services, folder: vscode.WorkspaceFolder, out: string, options: StagingOptions = {}): Promise<StagedCorpus | undefined> {
  const scan = await scanWorkspaceFolder(folder, modelsFolder(s.context));
  if (!scan) return undefined;
  const report = corpusReport(scan);
  if (scan.files.length === 0) {
    const show = 'Show Corpus Summary';
    const answer = await vscode.window.showWarningMessage(`${folder.name} has no text files to train on with the current corpus settings.`, show);
    if (answer === show) s.panels.showDashboard({ kind: 'corpus', corpus: report });
    return undefined;
  }
  const staging = options.staging ?? path.join(s.context.globalStorageUri.fsPath, 'corpus-staging', `${path.basename(out)}-${Date.now()}`);
  await stageCorpus(scan.files, staging);
  if (options.writeReport !== false) await writeCorpusReport(out, report);
  return { folder: staging, report, files: scan.files.length, remove: () => fs.rm(staging, { recursive: true, force: true }) };
}
