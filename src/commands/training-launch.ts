// What every command that starts a training run (or a comparison) does around the job itself:
// refuse a second run while one is going (the worker trains one model at a time), take preset
// answers or the workspace folder to train on the same way, and once started, show the
// run in the dashboard, a cancellable notification and the status bar, and list the new model
// folder in the Models view when the run ends.
import * as vscode from 'vscode';
import { pickWorkspaceFolder, trustedOrConfirmed } from '../host/corpus/workspace-corpus';
import type { Services } from '../host/services';
import type { TrainingRun } from '../host/runs/training';
import { showTrainingProgress } from './training-progress';

/** True when a run or a comparison is in progress; the user was told, and offered its view. */
export async function busyTraining(s: Services): Promise<boolean> {
  const comparison = s.comparisons.active;
  if (comparison) {
    const show = 'Show Comparison';
    const answer = await vscode.window.showInformationMessage(`The comparison ${comparison.snapshot.name} is still running; one run at a time.`, show);
    if (answer === show) void s.panels.showComparison({ kind: 'live', run: comparison });
    return true;
  }
  if (!s.training.active) return false;
  const open = 'Open Training Dashboard';
  const answer = await vscode.window.showInformationMessage(`${s.training.active.snapshot.name} is still training; one run at a time.`, open);
  if (answer === open) await vscode.commands.executeCommand('pretrainLab.openTrainingDashboard');
  return true;
}

/**
 * What a command that trains on a workspace folder asks first: no run in progress, the workspace
 * trusted (or `what` confirmed, e.g. "Pretraining"), and which folder. Undefined when it stops.
 */
export async function workspaceFolderToTrainOn(s: Services, title: string, what: string): Promise<vscode.WorkspaceFolder | undefined> {
  if (await busyTraining(s)) return undefined;
  if (!(await trustedOrConfirmed(what))) return undefined;
  return pickWorkspaceFolder(title);
}

/**
 * Preset answers (tests) that `read` checks as the wizard checks typed ones: a string it returns,
 * or an error it throws (the labelled data could not be read), says what is wrong; that is shown,
 * and 'refused' stops the command. Undefined: none were given, the wizard asks.
 */
export function presetAnswers<T extends object>(title: string, read: () => T | string | undefined): T | 'refused' | undefined {
  let given: T | string | undefined;
  try {
    given = read();
  } catch (e) {
    given = (e as Error).message;
  }
  if (typeof given !== 'string') return given;
  void vscode.window.showErrorMessage(`${title}: ${given}`);
  return 'refused';
}

/** Warns `problem` (about the answers given), if there is one: true when the command stops for it. */
export function refusedAnswers(title: string, problem: string | undefined): problem is string {
  if (!problem) return false;
  void vscode.window.showWarningMessage(`${title}: ${problem}`);
  return true;
}

export function followRun(s: Services, run: TrainingRun): void {
  void s.panels.showDashboard({ kind: 'live', run });
  showTrainingProgress(s, run);
  void run.done.finally(() => s.catalog.refresh()).catch(() => undefined);
}

/**
 * `{ wait: true }` and nothing else, given instead of preset answers: the wizard asks, and the
 * command resolves with the run's summary when it ends (tests driving the wizard wait so).
 */
export function waitOnlyArgument(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && Object.keys(arg).length === 1 && (arg as { wait?: unknown }).wait === true;
}
