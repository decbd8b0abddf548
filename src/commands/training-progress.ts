// A training run in a cancellable notification: step, loss and ETA as it goes; Cancel stops
// the run after the step in flight (it checkpoints). Ends when the run does, saying how.
import * as vscode from 'vscode';
import { progressLine } from '../host/runs/run-progress';
import type { Services } from '../host/services';
import type { TrainingRun } from '../host/runs/training';

export function showTrainingProgress(s: Services, run: TrainingRun): void {
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Training ${run.snapshot.name}`, cancellable: true },
    (progress, token) => new Promise<void>((resolve) => {
      let reported = 0;
      const cancel = token.onCancellationRequested(() => s.training.cancel());
      const update = s.training.onDidUpdate(({ run: r, event }) => {
        if (r !== run || event?.event !== 'progress') return;
        const fraction = (100 * run.snapshot.step) / Math.max(1, run.snapshot.totalSteps);
        progress.report({ message: progressLine(run.snapshot), increment: fraction - reported });
        reported = fraction;
      });
      progress.report({ message: 'reading and tokenizing the data…' });
      void run.done.catch(() => undefined).finally(() => {
        cancel.dispose();
        update.dispose();
        resolve();
      });
    }),
  );
  void run.done.then(
    async (summary) => {
      const how = summary.stopReason === 'completed' ? 'finished' : `stopped at step ${summary.step}/${summary.totalSteps} (checkpoint saved; resume with the CLI's --resume)`;
      const loss = summary.valLoss !== undefined ? ` · validation loss ${summary.valLoss.toFixed(3)}` : '';
      // A classifier's summary also has its last evaluation's scores (ClassifySummary).
      const accuracy = (summary as { accuracy?: number }).accuracy;
      const scores = accuracy !== undefined ? ` · accuracy ${(accuracy * 100).toFixed(1)}%` : '';
      const prompt = 'Open Prompt Playground';
      const answer = await vscode.window.showInformationMessage(`Training ${run.snapshot.name} ${how}${loss}${scores}.`, prompt);
      if (answer === prompt) await vscode.commands.executeCommand('pretrainLab.openPromptPlayground', run.snapshot.folder);
    },
    (error: unknown) => {
      void vscode.window.showErrorMessage(`Training ${run.snapshot.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
}
