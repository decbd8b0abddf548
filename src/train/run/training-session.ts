/**
 * The one runner of a training run, shared by pretraining and finetuning: the model folder
 * locked and its interrupted checkpoint swap finished, the optimizer, stepper and loss sessions,
 * the start event, the first checkpoint, the training loop and the `done` summary. What differs
 * between runs (which batches, which forward pass, where the weights come from, what is said at
 * the start) arrives prepared, as a SessionPlan.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { Batch, BatchSource } from '../../data/batch';
import { recoverDirectorySwap } from '../../util/atomic-write';
import { acquireModelLock } from '../../util/folder-lock';
import type { ParamSpec } from '../../nn/params';
import { Rng } from '../../util/rng';
import { trainingDir, writeCheckpoint, type Checkpoint, type FolderIdentity, type TrainingProgress } from '../checkpoint/checkpoint';
import { checkOutputFolder } from '../checkpoint/output-folder';
import { countParameters } from '../step/param-specs';
import type { ForwardBuilder } from '../step/step-graph';
import type { TrainState } from '../step/step-session';
import { createStepper, LossSession } from '../step/stepper';
import type { TrainEvent, TrainSummary } from './events';
import { type RunHyperparams, type RunSettings, validateSettings } from './hyperparams';
import { summaryOf, trainLoop } from './trainer';

/**
 * Runs `body` on the model folder `out` with the folder locked, after the checks every run
 * makes first. A new run refused before its first checkpoint (bad corpus, too little data…)
 * leaves nothing behind: a folder created here without a checkpoint in it is removed.
 */
export async function withRunFolder<T>(out: string, run: { command: string; resume: boolean; settings: RunSettings }, body: () => Promise<T>): Promise<T> {
  validateSettings(run.settings);
  checkOutputFolder(out, { acceptForeignFiles: run.resume });
  const createdHere = !existsSync(out);
  const lock = acquireModelLock(out, { command: run.command });
  try {
    // A checkpoint swap that a crash interrupted is finished (or rolled back) before anything reads it.
    await recoverDirectorySwap(trainingDir(out));
    return await body();
  } catch (error) {
    if (createdHere && !existsSync(trainingDir(out))) await rm(out, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}

/** Where a run's state starts: fresh (or warm-started) weights, or a checkpoint with its position. */
export interface InitialState {
  state: TrainState;
  /** Present when resuming: the step, RNG, data position and time the checkpoint recorded. */
  progress?: TrainingProgress;
  metrics?: object[];
}

export interface SessionPlan {
  out: string;
  /** The fields the loop and the checkpoint read (schedule, batch, reporting, optimizer). */
  hyper: RunHyperparams;
  settings: RunSettings;
  forward: ForwardBuilder;
  specs: ParamSpec[];
  source: BatchSource;
  valBatches: Batch[];
  /** Reads or makes the state the run starts from (a checkpoint on resume). */
  initial: () => Promise<InitialState> | InitialState;
  /** The training data's fingerprint, recorded so that a resume over other data is refused. */
  dataFingerprint: string;
  /** What each checkpoint writes beside the weights, so the folder is a loadable model. */
  folder: FolderIdentity;
  /** Facts of the start event only the caller knows. */
  start: { trainTokens: number; valTokens: number; memoryEstimateBytes: number };
  /** Said once the run has started, before its first step. */
  startNote?: string;
  emit: (e: TrainEvent) => void;
  signal?: AbortSignal;
}

/** Trains from the plan's initial state to its last step, a cancel, or the time limit. */
export async function runTrainingSession(plan: SessionPlan): Promise<TrainSummary> {
  const { out, hyper, settings, forward, specs, source, emit } = plan;
  await mkdir(out, { recursive: true });
  const { state, progress: resumed, metrics = [] } = await plan.initial();
  const rng = new Rng(resumed?.rng ?? hyper.seed + 1); // dropout masks: a stream apart from initialisation and data
  if (resumed) source.restore(resumed.data);
  const priorMs = resumed?.elapsedMs ?? 0;

  const optimizer = { beta1: hyper.beta1, beta2: hyper.beta2, eps: 1e-8, weightDecay: hyper.weightDecay, clipNorm: hyper.clip };
  const sessionConfig = { device: settings.device, intraOpNumThreads: settings.threads };
  const stepper = await createStepper(forward, optimizer, state, hyper.gradAccum, sessionConfig);
  const evaluator = await LossSession.create(forward, sessionConfig).catch(async (e) => {
    await stepper.release();
    throw e;
  });
  const loopStart = performance.now();
  const progress = (): TrainingProgress => {
    const last = [...metrics].reverse() as { loss?: number; valLoss?: number }[];
    return {
      version: 1,
      step: stepper.state.step,
      rng: rng.state(),
      data: source.state(),
      elapsedMs: priorMs + performance.now() - loopStart,
      tokensSeen: stepper.state.step * hyper.batch * hyper.context * hyper.gradAccum,
      corpusFingerprint: plan.dataFingerprint,
      lastLoss: last.find((m) => m.loss !== undefined)?.loss,
      lastValLoss: last.find((m) => m.valLoss !== undefined)?.valLoss,
    };
  };
  const checkpoint = () => writeCheckpoint(out, specs, { progress: progress(), hyperparams: hyper, state: stepper.state, metrics } satisfies Checkpoint, plan.folder);

  try {
    const provider = stepper.provider;
    emit({
      event: 'start',
      step: stepper.state.step,
      totalSteps: hyper.steps,
      parameters: countParameters(specs),
      trainTokens: plan.start.trainTokens,
      valTokens: plan.start.valTokens,
      vocabSize: plan.folder.tokenizer.vocabSize,
      device: provider.used,
      ...(provider.reason ? { deviceNote: provider.reason } : {}),
      memoryEstimateBytes: plan.start.memoryEstimateBytes,
      resumed: resumed !== undefined,
    });
    if (plan.startNote) emit({ event: 'log', level: 'info', message: plan.startNote });
    // A new run checkpoints its initial state at once: the folder is a loadable model (and
    // resumable) from the first moment, whatever happens next.
    if (!resumed) emit({ event: 'checkpoint', step: 0, path: await checkpoint() });
    const result = await trainLoop({
      stepper,
      evaluator,
      source,
      valBatches: plan.valBatches,
      hyper,
      rng,
      metrics,
      emit,
      checkpoint,
      signal: plan.signal,
      maxMinutes: settings.maxMinutes,
      checkpointedStep: stepper.state.step,
    });
    return summaryOf(result, stepper.state.step, hyper.steps, out);
  } finally {
    await stepper.release();
    await evaluator.release();
  }
}
