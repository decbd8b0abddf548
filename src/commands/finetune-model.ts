// "Pretrain Lab: Finetune Model…": a model (the one invoked on, else a pick led by the selected
// one) → the wizard → a job in the job worker: `finetuneClassify` for a classifier, `pretrain`
// from the model's weights for more language modelling on the workspace's text → the Training
// dashboard, notification and status bar follow it, and the new folder joins the Models view.
//
// Tests and other extensions can skip the wizard: pass the model, then
// `{ task: 'classify', data, name, steps?, lr?, wait? }` or `{ task: 'lm', name, steps?, lr?, wait? }`
// (`wait: true` returns the job's summary when it ends instead of as soon as it starts);
// `{ wait: true }` alone runs the wizard and waits for the run it starts.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainSummary } from '../train/run/events';
import type { ModelSummary } from '../host/models/model-types';
import { newRun } from '../host/runs/run-state';
import { canFinetune, checkLearningRate, classifyRefusal, checkSteps, describePlan, finetuneJob, type FinetunePlan, type FinetuneTask, quickPlan, readLabelledData } from '../host/runs/finetune-presets';
import { type FinetuneAnswers, runFinetuneWizard } from './finetune-wizard';
import { modelFromArgument, pickModel } from './pick-model';
import { checkFolderName } from '../host/runs/pretrain-presets';
import type { Services } from '../host/services';
import { executionProvider, modelsFolder, threads } from '../host/settings';
import { busyTraining, followRun, presetAnswers, refusedAnswers, waitOnlyArgument } from './training-launch';
import { stageWorkspaceCorpus } from '../host/corpus/workspace-staging';

export const FINETUNE_MODEL = 'pretrainLab.finetuneModel';
const TITLE = 'Finetune Model';

interface PresetArgs {
  answers: FinetuneAnswers;
  wait: boolean;
}

/** Preset answers, checked as the wizard checks typed ones; a string says what is wrong. */
function presetArgs(arg: unknown): PresetArgs | string | undefined {
  if (typeof arg !== 'object' || arg === null || waitOnlyArgument(arg)) return undefined;
  const a = arg as { task?: unknown; data?: unknown; name?: unknown; steps?: unknown; lr?: unknown; wait?: unknown };
  if (typeof a.name !== 'string') return 'give the new folder a name';
  const steps = a.steps === undefined ? undefined : String(a.steps);
  const lr = a.lr === undefined ? undefined : String(a.lr);
  const problem = (steps === undefined ? undefined : checkSteps(steps)) ?? (lr === undefined ? undefined : checkLearningRate(lr));
  if (problem) return problem;
  let task: FinetuneAnswers['task'];
  if (a.task === 'classify' && typeof a.data === 'string' && path.isAbsolute(a.data)) {
    task = { kind: 'classify', data: readLabelledData(a.data) };
  } else if (a.task === 'lm' && vscode.workspace.workspaceFolders?.length === 1) {
    task = { kind: 'lm', folder: vscode.workspace.workspaceFolders[0] };
  } else {
    return 'task must be "classify" with an absolute data path, or "lm" in a single-folder workspace';
  }
  const plan: FinetunePlan = { steps: steps === undefined ? quickPlan(task).steps : Number(steps), ...(lr === undefined ? {} : { lr: Number(lr) }) };
  return { answers: { task, plan, name: a.name.trim() }, wait: a.wait === true };
}

/** The wizard's task made into the job's: an LM task's workspace text staged for the job. */
async function jobTask(s: Services, answers: FinetuneAnswers, out: string) {
  const { task } = answers;
  if (task.kind === 'classify') return { task: task satisfies FinetuneTask, corpus: undefined, cleanup: async () => undefined };
  const corpus = await stageWorkspaceCorpus(s, task.folder, out);
  return corpus && { task: { kind: 'lm', corpus: corpus.folder } satisfies FinetuneTask, corpus: corpus.report, cleanup: corpus.remove };
}

async function chooseModel(s: Services, arg: unknown): Promise<ModelSummary | undefined> {
  return (await modelFromArgument(s, arg)) ?? (await pickModel(s, `${TITLE}: start from which model?`, { selectedFirst: true }));
}

export function registerFinetuneModel(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(FINETUNE_MODEL, async (arg?: unknown, preset?: unknown): Promise<TrainSummary | undefined> => {
    if (await busyTraining(s)) return undefined;
    const model = await chooseModel(s, arg);
    if (!model) return undefined;
    if (!model.supported) {
      void vscode.window.showErrorMessage(`${TITLE}: ${model.name} cannot be trained here${model.problem ? `: ${model.problem}` : ''}.`);
      return undefined;
    }
    const models = modelsFolder(s.context);
    const exists = (name: string) => existsSync(path.join(models, name));
    const given = presetAnswers(TITLE, () => presetArgs(preset));
    if (given === 'refused') return undefined;
    const answers = given?.answers ?? (await runFinetuneWizard(TITLE, model, exists));
    if (!answers) return undefined;
    const problem = checkFolderName(answers.name, exists) ?? (canFinetune(answers.task.kind, model) ? undefined : classifyRefusal(model));
    if (refusedAnswers(TITLE, problem)) return undefined;

    const out = path.join(models, answers.name);
    const prepared = await jobTask(s, answers, out);
    if (!prepared) return undefined;
    const description = describePlan(model, answers.task, answers.plan);
    const run = await s.training.start(
      finetuneJob(model, prepared.task, answers.plan, out, { device: executionProvider(), threads: threads() }),
      newRun(answers.name, out, description, answers.plan.steps),
      prepared.corpus,
      prepared.cleanup,
    );
    s.log.info(`finetuning ${answers.name}: ${description} → ${out}`);
    followRun(s, run);
    return (given?.wait ?? waitOnlyArgument(preset)) ? run.done : undefined;
  });
}
