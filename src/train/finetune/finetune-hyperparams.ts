/**
 * Hyperparameters of a classification finetuning run. The optimizer and schedule fields are
 * those of pretraining (same flags, same checks); the architecture ones come from the model
 * being finetuned; what is new is the task's: the labels, the data's fingerprint, epochs.
 * Defaults follow BERT's finetuning recipe scaled to small models: a few epochs, warmup over
 * the first tenth, light weight decay, an evaluation and a checkpoint per epoch.
 */
import { InputError } from '../../util/errors';
import { CHANGEABLE_ON_RESUME, DEFAULT_HYPERPARAMS, FLAG_OF_FIELD, type RunHyperparams, validateHyperparams } from '../run/hyperparams';
import { classifyDefault, EPOCHS_FLAG, rangeProblem } from '../run/training-flags';

/** What `finetune --task classify` flags may set (undefined = default or, on resume, the checkpoint's). */
export interface ClassifyFlags {
  steps?: number;
  epochs?: number;
  batch?: number;
  gradAccum?: number;
  context?: number;
  lr?: number;
  minLr?: number;
  warmup?: number;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  clip?: number;
  valFraction?: number;
  evalEvery?: number;
  checkpointEvery?: number;
  seed?: number;
}

/** The record a classification checkpoint keeps: the loop's fields plus the task's. */
export interface ClassifyHyperparams extends Omit<RunHyperparams, 'objective'> {
  objective: 'classify';
  labels: string[];
  /** Hash of the training and validation examples: resume refuses other data. */
  dataFingerprint: string;
}

/** Where a classification run's defaults differ from pretraining's (the flags table's `classify` numbers). */
export const CLASSIFY_DEFAULTS = {
  epochs: EPOCHS_FLAG.default,
  batch: classifyDefault('batch'),
  lr: classifyDefault('lr'),
  weightDecay: classifyDefault('weightDecay'),
  beta2: classifyDefault('beta2'),
  valFraction: classifyDefault('valFraction'),
};

/** A new run's hyperparameters for `trainExamples` examples of `labels` with a model of these sizes. */
export function newClassifyHyperparams(
  flags: ClassifyFlags,
  model: Pick<RunHyperparams, 'arch' | 'tokenizer' | 'vocabSize' | 'layers' | 'heads' | 'dim' | 'context'>,
  task: { labels: string[]; dataFingerprint: string; trainExamples: number },
): ClassifyHyperparams {
  if (flags.steps !== undefined && flags.epochs !== undefined) throw new InputError('give --steps or --epochs, not both');
  const epochsProblem = flags.epochs === undefined ? undefined : rangeProblem('epochs', EPOCHS_FLAG, flags.epochs);
  if (epochsProblem) throw new InputError(epochsProblem);
  const batch = flags.batch ?? CLASSIFY_DEFAULTS.batch;
  const gradAccum = flags.gradAccum ?? 1;
  const stepsPerEpoch = Math.max(1, Math.ceil(task.trainExamples / (batch * gradAccum)));
  const steps = flags.steps ?? Math.max(1, Math.round((flags.epochs ?? CLASSIFY_DEFAULTS.epochs) * stepsPerEpoch));
  const lr = flags.lr ?? CLASSIFY_DEFAULTS.lr;
  const hyper: ClassifyHyperparams = {
    ...DEFAULT_HYPERPARAMS,
    ...model,
    objective: 'classify',
    batch,
    gradAccum,
    steps,
    lr,
    minLr: flags.minLr ?? Math.min(lr, DEFAULT_HYPERPARAMS.minLr) / 10,
    warmup: flags.warmup ?? Math.floor(steps / 10),
    weightDecay: flags.weightDecay ?? CLASSIFY_DEFAULTS.weightDecay,
    beta1: flags.beta1 ?? DEFAULT_HYPERPARAMS.beta1,
    beta2: flags.beta2 ?? CLASSIFY_DEFAULTS.beta2,
    clip: flags.clip ?? DEFAULT_HYPERPARAMS.clip,
    dropout: 0,
    valFraction: flags.valFraction ?? CLASSIFY_DEFAULTS.valFraction,
    evalEvery: flags.evalEvery ?? stepsPerEpoch,
    evalBatches: 1,
    checkpointEvery: flags.checkpointEvery ?? stepsPerEpoch,
    seed: flags.seed ?? DEFAULT_HYPERPARAMS.seed,
    labels: task.labels,
    dataFingerprint: task.dataFingerprint,
  };
  validateHyperparams(asLoopHyperparams(hyper));
  return hyper;
}

/** A resumed run: the checkpoint's record; only the fields pretraining lets change may change. */
export function resumedClassifyHyperparams(saved: ClassifyHyperparams, flags: ClassifyFlags): ClassifyHyperparams {
  const hyper = { ...saved };
  for (const [key, value] of Object.entries(flags) as [keyof ClassifyFlags, number | undefined][]) {
    if (value === undefined || key === 'epochs' || value === (saved as unknown as Record<string, unknown>)[key]) continue;
    if (!CHANGEABLE_ON_RESUME.has(key)) throw new InputError(`${FLAG_OF_FIELD[key]} ${value} differs from the checkpoint's ${saved[key]}; a resumed run keeps its settings`);
    (hyper as Record<string, unknown>)[key] = value;
  }
  validateHyperparams(asLoopHyperparams(hyper));
  return hyper;
}

/**
 * The view the training loop and checkpoint writer take. They read the schedule, batch and
 * reporting fields only; `objective` is recorded in hyperparams.json as 'classify', which the
 * pretraining objectives' type does not list.
 */
export function asLoopHyperparams(hyper: ClassifyHyperparams): RunHyperparams {
  return hyper as unknown as RunHyperparams;
}
