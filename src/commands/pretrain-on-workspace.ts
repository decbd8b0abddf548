// "Pretrain Lab: Pretrain Model on Workspace…": wizard → corpus scan of a workspace folder
// (with the corpus and exclude settings) → a training job in the job worker → the Training
// dashboard, a cancellable notification and the status bar follow it.
//
// Tests and other extensions can skip the wizard: pass `{ shape, name }` (and `wait: true` to
// get the job's summary back when it ends instead of as soon as it starts); `{ wait: true }`
// alone runs the wizard and waits for the run it starts.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MASKING_STRATEGIES } from '../data/masking';
import { OBJECTIVES } from '../models/family';
import { isModelType } from '../models/registry';
import type { TrainSummary } from '../train/run/events';
import { newRun } from '../host/runs/run-state';
import { checkFolderName, describeShape, freeFolderName, hyperparamsOf, type RunShape } from '../host/runs/pretrain-presets';
import { runWizard, type WizardAnswers } from './pretrain-wizard';
import type { Services } from '../host/services';
import { defaultShape, executionProvider, modelsFolder, threads } from '../host/settings';
import { followRun, refusedAnswers, waitOnlyArgument, workspaceFolderToTrainOn } from './training-launch';
import { stageWorkspaceCorpus } from '../host/corpus/workspace-staging';

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
  if (!isModelType(shape.arch) || !ints.every((k) => Number.isInteger(shape[k]))) return undefined;
  // The job checks that they fit the family; here only that they are what they claim to be.
  const optional = (shape.objective === undefined || (OBJECTIVES as readonly unknown[]).includes(shape.objective))
    && (shape.masking === undefined || (MASKING_STRATEGIES as readonly unknown[]).includes(shape.masking))
    && (shape.generatorDim === undefined || Number.isInteger(shape.generatorDim));
  if (!optional) return undefined;
  return { shape: shape as RunShape, name: a.name, wait: a.wait === true };
}

export function registerPretrainOnWorkspace(s: Services): vscode.Disposable {
  return vscode.commands.registerCommand(PRETRAIN_ON_WORKSPACE, async (arg?: unknown): Promise<TrainSummary | undefined> => {
    const folder = await workspaceFolderToTrainOn(s, TITLE, 'Pretraining');
    if (!folder) return undefined;
    const models = modelsFolder(s.context);
    const exists = (name: string) => existsSync(path.join(models, name));
    const preset = presetArgs(arg);
    const answers = preset ?? (await runWizard(TITLE, defaultShape(), (arch) => freeFolderName(`${folder.name}-${arch}`, exists), exists));
    if (!answers) return undefined;
    if (refusedAnswers(TITLE, checkFolderName(answers.name, exists))) return undefined;

    const out = path.join(models, answers.name);
    const corpus = await stageWorkspaceCorpus(s, folder, out);
    if (!corpus) return undefined;
    const run = await s.training.start(
      {
        method: 'pretrain',
        params: {
          corpus: corpus.folder, out, hyperparams: hyperparamsOf(answers.shape), settings: { device: executionProvider(), threads: threads() }, resume: false,
          ...(answers.shape.generatorDim === undefined ? {} : { generatorDim: answers.shape.generatorDim }),
        },
      },
      newRun(answers.name, out, describeShape(answers.shape), answers.shape.steps),
      corpus.report,
      corpus.remove,
    );
    s.log.info(`training ${answers.name}: ${describeShape(answers.shape)} on ${corpus.files} files of ${folder.name} → ${out}`);
    followRun(s, run);
    return (preset?.wait ?? waitOnlyArgument(arg)) ? run.done : undefined;
  });
}
