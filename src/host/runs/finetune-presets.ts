// What the Finetune wizard offers and checks, kept free of vscode so it is unit-tested: the
// quick plan per task, the checks on typed steps and learning rates, the time a run should
// take (the pretrain wizard's estimate, on the model's own sizes), and the job request.
import { readLabelled } from '../../data/labelled';
import { labelsOf } from '../../data/labelled-split';
import type { FinetuneClassifyRequest } from '../../train/finetune/finetune-classify';
import { CLASSIFY_DEFAULTS } from '../../train/finetune/finetune-hyperparams';
import { DEFAULT_HYPERPARAMS, type RunSettings } from '../../train/run/hyperparams';
import type { PretrainRequest } from '../../train/run/pretrain';
import { familiesWith, familyFor, isModelType, typeList } from '../../models/registry';
import type { ModelSummary } from '../models/model-types';
import { describeDuration, estimateSeconds, scheduleOf, type RunShape } from './pretrain-presets';
import type { TrainingJob } from './training';

/** Labelled data as the wizard read it: enough to plan the run and to say what it holds. */
export interface LabelledData {
  path: string;
  examples: number;
  labels: string[];
  /** Characters of the longest text: an upper bound on its tokens (rows are that long). */
  longestChars: number;
}

/** Reads labelled data as the job will (same reader, same checks), so a file the job would
 *  refuse is refused in the wizard, with the same message. Throws InputError. */
export function readLabelledData(source: string): LabelledData {
  const examples = readLabelled(source);
  return { path: source, examples: examples.length, labels: labelsOf(examples, source), longestChars: examples.reduce((n, e) => Math.max(n, e.text.length), 0) };
}

/** What a plan depends on: the task, and for classification its data. */
export type TaskOutline = { kind: 'classify'; data: LabelledData } | { kind: 'lm' };

/** Classification on labelled data, or more of the model's own objective on a corpus folder. */
export type FinetuneTask = { kind: 'classify'; data: LabelledData } | { kind: 'lm'; corpus: string };

export interface FinetunePlan {
  steps: number;
  /** Peak learning rate; undefined keeps the task's default. */
  lr?: number;
}

/** Models a task can start from: classification needs a family with a classification head. */
export function canFinetune(task: FinetuneTask['kind'], model: Pick<ModelSummary, 'modelType' | 'supported' | 'refusedTasks'>): boolean {
  return model.supported && isModelType(model.modelType) && (task === 'lm' || (familyFor(model.modelType).tasks.classify && !model.refusedTasks?.classify));
}

/** Why a model cannot start a classifier, for the wizard and the command; undefined when it can. */
export function classifyRefusal(model: Pick<ModelSummary, 'name' | 'modelType' | 'supported' | 'refusedTasks'>): string | undefined {
  if (canFinetune('classify', model)) return undefined;
  return model.refusedTasks?.classify ?? `Needs a model with a classification head (${typeList(familiesWith('classify'))}); ${model.name} is "${model.modelType ?? 'unknown'}"`;
}

/** Rows per step: the job's defaults for each task. */
function batchOf(task: TaskOutline): number {
  return task.kind === 'classify' ? CLASSIFY_DEFAULTS.batch : DEFAULT_HYPERPARAMS.batch;
}

/** The job trains on what the stratified split leaves (about 1 − valFraction). */
export function stepsPerEpoch(data: LabelledData): number {
  const train = Math.max(1, Math.round(data.examples * (1 - CLASSIFY_DEFAULTS.valFraction)));
  return Math.max(1, Math.ceil(train / CLASSIFY_DEFAULTS.batch));
}

/** Continued language-model training: enough steps for the loss on new text to move. */
export const QUICK_LM_STEPS = 200;

/** Classification: the job's default epochs; language modelling: QUICK_LM_STEPS. */
export function quickPlan(task: TaskOutline): FinetunePlan {
  return { steps: task.kind === 'classify' ? CLASSIFY_DEFAULTS.epochs * stepsPerEpoch(task.data) : QUICK_LM_STEPS };
}

/** The run as the pretrain estimate sees it: the model's sizes, the task's rows. */
export function shapeOf(model: ModelSummary, task: TaskOutline, plan: FinetunePlan): RunShape {
  const positions = model.context ?? DEFAULT_HYPERPARAMS.context;
  const context = task.kind === 'classify' ? Math.min(positions, task.data.longestChars + 2) : Math.min(positions, DEFAULT_HYPERPARAMS.context);
  return {
    arch: isModelType(model.modelType) ? model.modelType : 'gpt2',
    layers: model.layers ?? 1,
    heads: model.heads ?? 1,
    dim: model.width ?? 64,
    context,
    batch: batchOf(task),
    steps: plan.steps,
    vocabSize: model.vocabSize ?? 256,
  };
}

/** "about 20 seconds" on a 2-core laptop, for the wizard's items. */
export function describePlanDuration(model: ModelSummary, task: TaskOutline, plan: FinetunePlan): string {
  return describeDuration(estimateSeconds(shapeOf(model, task, plan)));
}

/** "classify 2 labels (negative, positive) · 12 steps", for the wizard and the dashboard header. */
export function describePlan(model: ModelSummary, task: TaskOutline, plan: FinetunePlan): string {
  const what = task.kind === 'classify'
    ? `classify ${task.data.labels.length} labels (${task.data.labels.join(', ')}) from ${task.data.examples} examples`
    : 'continued language modelling';
  const lr = plan.lr === undefined ? '' : ` · lr ${plan.lr}`;
  return `${model.modelType ?? 'model'} ${model.name} → ${what} · ${plan.steps} steps${lr}`;
}

export const MAX_STEPS = 10_000_000;

/** An InputBox's validateInput for a step count. */
export function checkSteps(text: string): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return 'Enter a whole number.';
  const n = Number(value);
  return n < 1 || n > MAX_STEPS ? `Enter a number from 1 to ${MAX_STEPS}.` : undefined;
}

/** An InputBox's validateInput for a learning rate (1e-4, 0.0005, …). */
export function checkLearningRate(text: string): string | undefined {
  const value = text.trim();
  const n = Number(value);
  if (value === '' || !Number.isFinite(n)) return 'Enter a number, e.g. 5e-4.';
  return n <= 0 || n > 1 ? 'Enter a learning rate above 0 and at most 1.' : undefined;
}

/** The job for a task: `finetuneClassify`, or `pretrain` started from the model's weights. */
export function finetuneJob(model: ModelSummary, task: FinetuneTask, plan: FinetunePlan, out: string, settings: RunSettings): TrainingJob {
  const lr = plan.lr === undefined ? {} : { lr: plan.lr };
  if (task.kind === 'classify') {
    const params: FinetuneClassifyRequest = { model: model.folder, data: task.data.path, out, hyperparams: { steps: plan.steps, ...lr }, settings, resume: false };
    return { method: 'finetuneClassify', params };
  }
  // The model's architecture, sizes and tokenizer come from `from`; only the schedule is ours.
  const params: PretrainRequest = { corpus: task.corpus, from: model.folder, out, hyperparams: { ...scheduleOf(plan.steps), ...lr }, settings, resume: false };
  return { method: 'pretrain', params };
}
