// "Pretrain Lab: Open Training Dashboard": the run in progress, else the last run of this
// session, else a model (given, or picked) whose folder records a run. Resolves with what the
// dashboard drew (its charts and tiles), so callers (and tests) know what it shows.
import * as vscode from 'vscode';
import { dashboardContentFor } from '../host/runs/dashboard-content';
import { modelFromArgument, pickModel } from './pick-model';
import type { Services } from '../host/services';

export const OPEN_TRAINING_DASHBOARD = 'pretrainLab.openTrainingDashboard';

export function registerOpenTrainingDashboard(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_TRAINING_DASHBOARD, async (arg?: unknown) => {
    const given = await modelFromArgument(s, arg);
    const session = given ? undefined : s.training.active ?? s.training.last;
    if (session) return s.panels.showDashboard({ kind: 'live', run: session });
    const model = given ?? (await pickModel(s, 'Open Training Dashboard: which model’s training?'));
    if (!model) return;
    const content = await dashboardContentFor(s, model.folder);
    if (content) return s.panels.showDashboard(content);
    void vscode.window.showInformationMessage(`${model.name} has no training record (training/metrics.jsonl) to show.`);
  });
}
