// The Finetune wizard: the task (a classifier from a labelled file or folder, or more language
// modelling on a workspace folder's text), a quick plan saying how long it takes on a 2-core
// laptop or custom steps and learning rate, then the new model's folder name. The model is
// chosen by the command (the one it was invoked on, else a pick led by the selected model).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_HYPERPARAMS } from '../train/run/hyperparams';
import { CLASSIFY_DEFAULTS } from '../train/finetune/finetune-hyperparams';
import type { ModelSummary } from '../host/models/model-types';
import {
  canFinetune, checkLearningRate, classifyRefusal, checkSteps, describePlan, describePlanDuration, type FinetunePlan, type LabelledData, quickPlan, readLabelledData, type TaskOutline,
} from '../host/runs/finetune-presets';
import { freeFolderName } from '../host/runs/pretrain-presets';
import { askFolderName } from './pretrain-wizard';
import { pickWorkspaceFolder, trustedOrConfirmed } from '../host/corpus/workspace-corpus';

/** The task as chosen: an LM task names the workspace folder whose text it trains on. */
export type WizardTask = { kind: 'classify'; data: LabelledData } | { kind: 'lm'; folder: vscode.WorkspaceFolder };

export interface FinetuneAnswers {
  task: WizardTask;
  plan: FinetunePlan;
  name: string;
}

async function pickTask(title: string, model: ModelSummary): Promise<WizardTask | undefined> {
  const items = [
    { label: '$(tag) Classification from labelled data', detail: classifyRefusal(model) ?? 'A .jsonl file ({"text", "label"}), a .csv file with a header, or a folder with one sub-folder per label', task: 'classify' as const },
    { label: '$(book) Continue language-model training on the workspace', detail: `More of ${model.name}'s own objective on this workspace's text files`, task: 'lm' as const },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'What should the model learn?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (!canFinetune(picked.task, model)) {
    void vscode.window.showWarningMessage(`${title}: ${picked.detail}.`);
    return undefined;
  }
  if (picked.task === 'lm') {
    if (!(await trustedOrConfirmed('Continued training'))) return undefined;
    const folder = await pickWorkspaceFolder(title);
    return folder && { kind: 'lm', folder };
  }
  const data = await pickLabelledData(title);
  return data && { kind: 'classify', data };
}

/** File or folder: one open dialog cannot offer both on Windows and Linux. */
export async function pickLabelledData(title: string): Promise<LabelledData | undefined> {
  const form = await vscode.window.showQuickPick(
    [
      { label: '$(file) A .jsonl or .csv file', detail: 'JSONL: one {"text": …, "label": …} per line; CSV: a header with text and label columns', folders: false },
      { label: '$(folder) A folder with one sub-folder per label', detail: 'Each file in a sub-folder is one example of that label', folders: true },
    ],
    { title, placeHolder: 'Where are the labelled examples?', ignoreFocusOut: true },
  );
  if (!form) return undefined;
  const uris = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: !form.folders,
    canSelectFolders: form.folders,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    openLabel: 'Train on This',
    ...(form.folders ? {} : { filters: { 'Labelled data': ['jsonl', 'csv'] } }),
  });
  if (!uris?.[0]) return undefined;
  try {
    return readLabelledData(uris[0].fsPath);
  } catch (e) {
    void vscode.window.showErrorMessage(`${title}: ${(e as Error).message}`);
    return undefined;
  }
}

async function pickPlan(title: string, model: ModelSummary, task: TaskOutline): Promise<FinetunePlan | undefined> {
  const quick = quickPlan(task);
  const picked = await vscode.window.showQuickPick(
    [
      { label: `$(zap) Quick: ${describePlanDuration(model, task, quick)} on a 2-core laptop`, detail: describePlan(model, task, quick), plan: quick },
      { label: '$(edit) Custom…', detail: 'Choose the number of steps and the learning rate' },
    ],
    { title, placeHolder: 'How long should it train?', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  return 'plan' in picked ? picked.plan : customPlan(title, model, task, quick);
}

async function customPlan(title: string, model: ModelSummary, task: TaskOutline, quick: FinetunePlan): Promise<FinetunePlan | undefined> {
  const steps = await vscode.window.showInputBox({
    title: `${title} (1/2)`, prompt: 'Training steps', value: String(quick.steps), ignoreFocusOut: true, validateInput: checkSteps,
  });
  if (steps === undefined) return undefined;
  const defaultLr = task.kind === 'classify' ? CLASSIFY_DEFAULTS.lr : DEFAULT_HYPERPARAMS.lr;
  const lr = await vscode.window.showInputBox({
    title: `${title} (2/2)`, prompt: 'Peak learning rate (warmup, then cosine decay)', value: String(defaultLr), ignoreFocusOut: true, validateInput: checkLearningRate,
  });
  if (lr === undefined) return undefined;
  const plan: FinetunePlan = { steps: Number(steps.trim()), lr: Number(lr.trim()) };
  const go = await vscode.window.showQuickPick(
    [{ label: `$(play) Train: ${describePlanDuration(model, task, plan)} on a 2-core laptop`, detail: describePlan(model, task, plan), ok: true }, { label: '$(close) Cancel', ok: false }],
    { title, ignoreFocusOut: true },
  );
  return go?.ok ? plan : undefined;
}

function suggestedName(model: ModelSummary, task: WizardTask): string {
  const suffix = task.kind === 'classify' ? path.parse(task.data.path).name : `${task.folder.name}-lm`;
  return `${model.name}-${suffix}`;
}

export async function runFinetuneWizard(title: string, model: ModelSummary, exists: (name: string) => boolean): Promise<FinetuneAnswers | undefined> {
  const task = await pickTask(title, model);
  if (!task) return undefined;
  const plan = await pickPlan(title, model, task);
  if (!plan) return undefined;
  const name = await askFolderName(title, freeFolderName(suggestedName(model, task), exists), exists);
  return name === undefined ? undefined : { task, plan, name };
}
