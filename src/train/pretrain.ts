/**
 * A whole pretraining run as one function, as the worker job runs it: lock the folder, resolve
 * the run (new or resumed), scan and tokenize the corpus, build the step and loss graphs, train,
 * checkpoint. Numbers and events go to `emit`; the result is the `done` summary.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../util/errors';
import { drawValidationBatches } from '../data/batch';
import { acquireModelLock } from '../modelfile/lock';
import { buildConfig } from '../models/config-builder';
import { readConfig } from '../models/config-io';
import type { ModelConfig } from '../models/configs';
import { initialWeights, type ParamSpec, type Weights } from '../nn/params';
import { readTokenizerFiles, specialTokenIdsOf, trainTokenizer, type Tokenizer } from '../tokenizer';
import { Rng } from '../util/rng';
import { recoverDirectorySwap } from '../modelfile/atomic';
import { readCheckpoint, trainingDir, writeCheckpoint, type TrainingProgress } from './checkpoint';
import { corpusTexts, scanCorpusOrFail, scanEvent, tokenizeCorpus } from './corpus-data';
import type { TrainEvent, TrainSummary } from './events';
import { batchShapeOf, trainFamily } from './families';
import { DEFAULT_HYPERPARAMS, type RunHyperparams, type RunSettings, validateSettings } from './hyperparams';
import { assertFitsInMemory } from './memory';
import { checkOutputFolder } from './output-folder';
import { countParameters, paramSpecsOf } from './param-specs';
import { loadStartingModel, startingHyperparams, warmStartWeights, type StartingModel } from './finetune-start';
import { resolveNewRun, resolveResume } from './run-setup';
import { freshTrainState } from './step-session';
import { createStepper, LossSession } from './stepper';
import { summaryOf, trainLoop } from './trainer';

export interface PretrainRequest {
  corpus: string;
  out: string;
  /** Only the hyperparameters the user gave; the rest come from defaults or the checkpoint. */
  hyperparams: Partial<RunHyperparams>;
  settings: RunSettings;
  resume: boolean;
  /**
   * Continued pretraining: start from this model folder's weights, config and tokenizer (no new
   * tokenizer); its architecture and sizes override any given. Ignored on --resume, where the
   * checkpoint in `out` already holds them.
   */
  from?: string;
  /** Corpus scan settings: the per-file size cap and what raises it (for the skip reason). */
  scan?: { maxFileBytes?: number; raiseMaxFileWith?: string };
}

/** Where the token cache lives: inside the model folder, hidden, reused by --resume. */
export const TOKEN_CACHE_DIR = '.token-cache';

export async function pretrain(req: PretrainRequest, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrainSummary> {
  const out = path.resolve(req.out);
  validateSettings(req.settings);
  checkOutputFolder(out, { acceptForeignFiles: req.resume });
  const createdHere = !existsSync(out);
  const lock = acquireModelLock(out, { command: 'pretrain' });
  try {
    return await runLocked(req, out, emit, signal);
  } catch (error) {
    // A new run refused before its first checkpoint (bad corpus, too little text…) leaves
    // nothing behind, not a folder holding only a token cache.
    if (createdHere && !existsSync(trainingDir(out))) await rm(out, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
}

async function runLocked(req: PretrainRequest, out: string, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrainSummary> {
  // A checkpoint swap that a crash interrupted is finished (or rolled back) before anything reads it.
  await recoverDirectorySwap(trainingDir(out));
  const start = req.from !== undefined && !req.resume ? await loadStartingModel(req.from) : undefined;
  const given = start ? { ...req.hyperparams, ...startingHyperparams(start, req.hyperparams.context, DEFAULT_HYPERPARAMS.context) } : req.hyperparams;
  const { hyper, resumeFrom } = req.resume ? await resolveResume(out, given) : resolveNewRun(out, given);
  const family = trainFamily(hyper.arch, hyper.objective);
  const shapeFor = (vocabSize: number) => ({ layers: hyper.layers, heads: hyper.heads, dim: hyper.dim, context: hyper.context, batch: hyper.batch, vocabSize, heldBatches: hyper.evalBatches });
  // Before the slow parts: a char vocabulary is at most a few hundred symbols for real text.
  assertFitsInMemory(shapeFor(hyper.tokenizer === 'char' ? 256 : hyper.vocabSize));

  const warn = (message: string) => emit({ event: 'log', level: 'warn', message });
  const scan = await scanCorpusOrFail(req.corpus, signal, { ...req.scan, modelFolder: out, warn });
  emit(scanEvent(scan));
  let tokenizer: Tokenizer;
  let config: ModelConfig;
  if (resumeFrom) {
    tokenizer = await readTokenizerFiles(out);
    config = await readConfig(out);
  } else if (start) {
    tokenizer = start.tokenizer;
    config = start.config;
  } else {
    const vocabSize = hyper.tokenizer === 'char' ? undefined : hyper.vocabSize;
    tokenizer = trainTokenizer(hyper.tokenizer, await corpusTexts(scan, warn), { family: family.tokenizerFamily, vocabSize });
    const ids = specialTokenIdsOf(tokenizer);
    config = buildConfig({ arch: hyper.arch, vocabSize: tokenizer.vocabSize, layers: hyper.layers, heads: hyper.heads, dim: hyper.dim, context: hyper.context, dropout: hyper.dropout, tokenIds: ids });
  }
  const memoryEstimateBytes = assertFitsInMemory(shapeFor(tokenizer.vocabSize));

  const tokens = await tokenizeCorpus(scan, tokenizer, path.join(out, TOKEN_CACHE_DIR), { valFraction: hyper.valFraction, seed: hyper.seed }, signal, warn);
  if (resumeFrom && resumeFrom.corpusFingerprint !== tokens.fingerprint) {
    throw new InputError(`the corpus ${req.corpus} is not the one this run was trained on (its files or their contents changed); resume with the same corpus, or start a new run`);
  }
  const batchOptions = { batchSize: hyper.batch, context: hyper.context, seed: hyper.seed };
  const source = dataOrFail('training', () => family.batches(tokens.train, tokenizer, batchOptions));
  const valBatches = dataOrFail('validation', () => drawValidationBatches((seed) => family.batches(tokens.val, tokenizer, { ...batchOptions, seed }), hyper.evalBatches));

  const forward = family.forward(config, batchShapeOf(source, batchOptions));
  const specs = paramSpecsOf(forward);
  const optimizer = { beta1: hyper.beta1, beta2: hyper.beta2, eps: 1e-8, weightDecay: hyper.weightDecay, clipNorm: hyper.clip };
  const sessionConfig = { device: req.settings.device, intraOpNumThreads: req.settings.threads };

  let state = freshTrainState(specs, start ? startWeights(start, specs, hyper.seed, emit) : initialWeights(specs, hyper.seed));
  let rng = new Rng(hyper.seed + 1); // dropout masks: a stream apart from initialisation and data
  let metrics: object[] = [];
  let priorMs = 0;
  if (resumeFrom) {
    const ckpt = await readCheckpoint(out, specs);
    state = ckpt.state;
    rng = new Rng(ckpt.progress.rng);
    source.restore(ckpt.progress.data);
    metrics = ckpt.metrics;
    priorMs = ckpt.progress.elapsedMs;
  }

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
      corpusFingerprint: tokens.fingerprint,
      lastLoss: last.find((m) => m.loss !== undefined)?.loss,
      lastValLoss: last.find((m) => m.valLoss !== undefined)?.valLoss,
    };
  };
  const checkpoint = () => writeCheckpoint(out, specs, { progress: progress(), hyperparams: hyper, state: stepper.state, metrics }, { config, tokenizer });

  try {
    const provider = stepper.provider;
    emit({
      event: 'start',
      step: stepper.state.step,
      totalSteps: hyper.steps,
      parameters: countParameters(specs),
      trainTokens: tokens.trainTokens,
      valTokens: tokens.valTokens,
      vocabSize: tokenizer.vocabSize,
      device: provider.used,
      ...(provider.reason ? { deviceNote: provider.reason } : {}),
      memoryEstimateBytes,
      resumed: resumeFrom !== undefined,
    });
    // A new run checkpoints its initial state at once: the folder is a loadable model (and
    // resumable) from the first moment, whatever happens next.
    if (!resumeFrom) emit({ event: 'checkpoint', step: 0, path: await checkpoint() });
    const result = await trainLoop({
      stepper,
      evaluator,
      source,
      valBatches,
      hyper,
      rng,
      metrics,
      emit,
      checkpoint,
      signal,
      maxMinutes: req.settings.maxMinutes,
      checkpointedStep: stepper.state.step,
    });
    return summaryOf(result, stepper.state.step, hyper.steps, out);
  } finally {
    await stepper.release();
    await evaluator.release();
  }
}

/** The starting folder's weights for the run's parameters; fresh ones for what it lacks, said in a log event. */
function startWeights(start: StartingModel, specs: ParamSpec[], seed: number, emit: (e: TrainEvent) => void): Weights {
  const { weights, fresh } = warmStartWeights(specs, start, seed);
  emit({ event: 'log', level: 'info', message: `Starting from the weights of ${start.dir}${fresh.length ? `; new, randomly initialised: ${fresh.join(', ')}` : ''}` });
  return weights;
}

/** Batch sources refuse data too short for one row; that is the user's corpus or --context. */
function dataOrFail<T>(split: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`the ${split} split cannot fill one batch row: ${(error as Error).message}; use a bigger corpus or a smaller --context`);
  }
}

