// The status bar item: which model commands act on and where it runs; while a training run
// is in progress, its step, loss and time left (during a comparison, its row, seed and phase).
// Clicking it picks another model, or opens the Training dashboard (the comparison) during a run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { affectsExecutionProvider, executionProvider } from '../host/settings';
import { progressLine } from '../host/runs/run-progress';
import { comparisonProgressLine } from '../host/compare/comparison-state';

/** Steps arrive many times a second; the status bar need not repaint that often. */
const TRAINING_REFRESH_MS = 500;

export function createStatusBar(s: Services): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('pretrainLab.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Pretrain Lab';
  let lastPaint = 0;
  const update = () => {
    lastPaint = Date.now();
    const run = s.training.active;
    const comparison = s.comparisons.active;
    const provider = executionProvider();
    if (comparison) {
      item.text = `$(sync~spin) ${comparison.snapshot.name} · ${comparisonProgressLine(comparison.snapshot)}`;
      item.tooltip = `Pretrain Lab: comparing pretraining objectives in ${comparison.snapshot.folder}\nExecution provider: ${provider}\nClick to open the comparison`;
      item.command = { command: 'pretrainLab.openComparison', title: 'Open Comparison', arguments: [comparison.snapshot.folder] };
    } else if (run) {
      item.text = `$(sync~spin) ${run.snapshot.name} · ${progressLine(run.snapshot)}`;
      item.tooltip = `Pretrain Lab: training ${run.snapshot.folder}\n${run.snapshot.description}\nExecution provider: ${provider}\nClick to open the Training dashboard`;
      item.command = 'pretrainLab.openTrainingDashboard';
    } else {
      const folder = s.selection.folder;
      item.text = `$(beaker) ${folder ? path.basename(folder) : 'No model'} · ${provider}`;
      item.tooltip = `Pretrain Lab\nModel: ${folder ?? 'none selected'}\nExecution provider: ${provider}\nClick to select a model`;
      item.command = 'pretrainLab.selectModel';
    }
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    s.selection.onDidChange(update),
    s.training.onDidUpdate(({ event }) => {
      if (!event || event.event !== 'progress' || Date.now() - lastPaint >= TRAINING_REFRESH_MS) update();
    }),
    s.comparisons.onDidUpdate(({ event }) => {
      if (!event || event.event !== 'train' || Date.now() - lastPaint >= TRAINING_REFRESH_MS) update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsExecutionProvider(e)) update();
    }),
  );
}
