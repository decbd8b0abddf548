// "Pretrain Lab: Pretrain Model on Workspace…": wizard → corpus scan of a workspace folder
// (with the corpus and exclude settings) → a training job in the job worker → the Training
// dashboard, a cancellable notification and the status bar follow it.
//
// Tests and other extensions can skip the wizard: pass `{ shape, name }` (and `wait: true` to
// get the job's summary back when it ends instead of as soon as it starts).
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MODEL_TYPES } from '../models/configs';
import type { TrainSummary } from '../train/events';
import { corpusReport } from '../views/dashboard/corpus-report';
import { DashboardPanel } from '../views/dashboard/panel';
import { writeCorpusReport } from '../views/dashboard/run-files';
import { newRun } from '../views/dashboard/run-state';
import { stageCorpus } from './corpus-staging';
import { checkFolderName, describeShape, freeFolderName, hyperparamsOf, type RunShape } from './pretrain-presets';
import { runWizard, type WizardAnswers } from './pretrain-wizard';
import type { Services } from './services';
import { defaultShape, executionProvider, modelsFolder, threads } from './settings';
import { showTrainingProgress } from './training-progress';
import { pickWorkspaceFolder, scanWorkspaceFolder, trustedOrConfirmed } from './workspace-corpus';

export const PRETRAIN_ON_WORKSPACE = 'pretrainLab.pretrainOnWorkspace';
const TITLE = 'Pretrain Model on Workspace';

interface PresetArgs extends WizardAnswers {
  wait?: boolean;
}

function presetArgs(arg: unknown): PresetArgs | undefined {
  const a = arg as Partial<PresetArgs> | undefined;
  const shape = a?.shape as Partial<RunShape> | undefined;
  if (typeof a?.name !== 'string' || typeof shape !== 'object' || shape === null) return undefined;
  const ints = ['layers', 'heads', 'dim', 'context', 'batch', 'steps', 'vocabSize'] as const;
  if (!(MODEL_TYPES as readonly unknown[]).includes(shape.arch) || !ints.every((k) => Number.isInteger(shape[k]))) return undefined;
  return { shape: shape as RunShape, name: a.name, wait: a.wait === true };
}

export function registerPretrainOnWorkspace(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(PRETRAIN_ON_WORKSPACE, async (arg?: unknown): Promise<TrainSummary | undefined> => {
    if (s.training.active) {
      const open = 'Open Training Dashboard';
      const answer = await vscode.window.showInformationMessage(`${s.training.active.snapshot.name} is still training; one run at a time.`, open);
      if (answer === open) await vscode.commands.executeCommand('pretrainLab.openTrainingDashboard');
      return undefined;
    }
    if (!(await trustedOrConfirmed('Pretraining'))) return undefined;
    const folder = await pickWorkspaceFolder(TITLE);
    if (!folder) return undefined;
    const models = modelsFolder(s.context);
    const exists = (name: string) => existsSync(path.join(models, name));
    const preset = presetArgs(arg);
    const answers = preset ?? (await runWizard(TITLE, defaultShape(), (arch) => freeFolderName(`${folder.name}-${arch}`, exists), exists));
    if (!answers) return undefined;
    const nameProblem = checkFolderName(answers.name, exists);
    if (nameProblem) {
      void vscode.window.showWarningMessage(`${TITLE}: ${nameProblem}`);
      return undefined;
    }

    const scan = await scanWorkspaceFolder(folder, models);
    if (!scan) return undefined;
    const report = corpusReport(scan);
    if (scan.files.length === 0) {
      const show = 'Show Corpus Summary';
      const answer = await vscode.window.showWarningMessage(`${folder.name} has no text files to train on with the current corpus settings.`, show);
      if (answer === show) DashboardPanel.show(s, { kind: 'corpus', corpus: report });
      return undefined;
    }

    const out = path.join(models, answers.name);
    const staging = path.join(s.context.globalStorageUri.fsPath, 'corpus-staging', `${answers.name}-${Date.now()}`);
    await stageCorpus(scan.files, staging);
    await writeCorpusReport(out, report);
    const run = await s.training.start(
      {
        corpus: staging,
        out,
        hyperparams: hyperparamsOf(answers.shape),
        settings: { device: executionProvider(), threads: threads() },
        resume: false,
      },
      newRun(answers.name, out, describeShape(answers.shape), answers.shape.steps),
      report,
      () => fs.rm(staging, { recursive: true, force: true }),
    );
    s.log.info(`training ${answers.name}: ${describeShape(answers.shape)} on ${scan.files.length} files of ${folder.name} → ${out}`);
    DashboardPanel.show(s, { kind: 'live', run });
    showTrainingProgress(s, run);
    void run.done.finally(() => s.catalog.refresh()).catch(() => undefined);
    return preset?.wait ? run.done : undefined;
  });
}
