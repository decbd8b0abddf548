// "Pretrain Lab: Cancel Running Job": stops the training run (or the objective comparison)
// after the step in flight; the job saves a checkpoint of that step, so the run can be resumed.
import * as vscode from 'vscode';
import type { Services } from '../host/services';

export const CANCEL_RUNNING_JOB = 'pretrainLab.cancelRunningJob';

export function registerCancelRunningJob(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CANCEL_RUNNING_JOB, () => {
    const comparison = s.comparisons.active;
    if (comparison && s.comparisons.cancel()) {
      vscode.window.setStatusBarMessage(`$(debug-stop) Stopping comparison ${comparison.snapshot.name} after this step…`, comparison.done.catch(() => undefined));
      return true;
    }
    const run = s.training.active;
    if (!run || !s.training.cancel()) {
      void vscode.window.showInformationMessage('No Pretrain Lab job is running.');
      return false;
    }
    vscode.window.setStatusBarMessage(`$(debug-stop) Stopping ${run.snapshot.name} after this step…`, run.done.catch(() => undefined));
    return true;
  });
}
