// What every command that starts a training run does around the job itself: refuse a second
// run while one is going (the worker trains one model at a time), and once started, show the
// run in the dashboard, a cancellable notification and the status bar, and list the new model
// folder in the Models view when the run ends.
import * as vscode from 'vscode';
import type { Services } from '../host/services';
import type { TrainingRun } from '../host/runs/training';
import { showTrainingProgress } from './training-progress';

/** True when a run is in progress; the user was told, and offered its dashboard. */
export async function busyTraining(s: Services): Promise<boolean> {
  if (!s.training.active) return false;
  const open = 'Open Training Dashboard';
  const answer = await vscode.window.showInformationMessage(`${s.training.active.snapshot.name} is still training; one run at a time.`, open);
  if (answer === open) await vscode.commands.executeCommand('pretrainLab.openTrainingDashboard');
  return true;
}

/** Warns `problem` (about the answers given), if there is one: true when the command stops for it. */
export function refusedAnswers(title: string, problem: string | undefined): problem is string {
  if (!problem) return false;
  void vscode.window.showWarningMessage(`${title}: ${problem}`);
  return true;
}

export function followRun(s: Services, run: TrainingRun): void {
  s.panels.showDashboard({ kind: 'live', run });
  showTrainingProgress(s, run);
  void run.done.finally(() => s.catalog.refresh()).catch(() => undefined);
}
