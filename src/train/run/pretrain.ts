/**
 * A whole pretraining run as one function, as the worker job runs it: resolve the run (new or
 * resumed), scan and tokenize the corpus, build the config and the batches, then train through
 * the shared training session (lock, step and loss graphs, checkpoints, events).
 */
import path from 'node:path';
import { InputError } from '../../util/errors';
import { drawValidationBatches } from '../../data/batch';
import { TOKEN_CACHE_DIR } from '../../modelfile/layout';
import { buildConfig, type ArchitectureOptions } from '../../models/config-builder';
import { readConfig } from '../../models/config-io';
import { assertFolderServes } from '../../models/registry';
import type { ModelConfig } from '../../models/configs';
import { initialWeights, type ParamSpec, type Weights } from '../../nn/params';
import { readTokenizerFiles, specialTokenIdsOf, trainTokenizer, type Tokenizer } from '../../tokenizer';
import { readCheckpoint } from '../checkpoint/checkpoint';
import { batchShapeOf, trainFamily } from '../families';
import { loadStartingModel, startingHyperparams, warmStartWeights, type StartingModel } from '../finetune/finetune-start';
import { paramSpecsOf } from '../step/param-specs';
import { freshTrainState } from '../step/step-session';
import { corpusTexts, scanCorpusOrFail, scanEvent, tokenizeCorpus } from './corpus-data';
import { minePairsOrFail, tokenizePairSplit } from './pair-data';
import { configForObjective } from '../../models/sentence-encoder-folder';
import { contrastiveOptionsOf } from '../contrastive/run-options';
import type { TrainEvent, TrainSummary } from './events';
import { DEFAULT_HYPERPARAMS, type RunHyperparams, type RunSettings } from './hyperparams';
import { assertFitsInMemory } from './memory';
import { resolveNewRun, resolveResume } from './run-setup';
import { runTrainingSession, withRunFolder } from './training-session';

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
  /** ELECTRA's generator width for a new model (`--generator-dim`); a resumed run keeps its config's. */
  generatorDim?: number;
  /** Corpus scan settings: the per-file size cap and what raises it (for the skip reason). */
  scan?: { maxFileBytes?: number; raiseMaxFileWith?: string };
}

export async function pretrain(req: PretrainRequest, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrainSummary> {
  const out = path.resolve(req.out);
  // A new run refused before its first checkpoint (bad corpus, too little text…) leaves
  // nothing behind, not a folder holding only a token cache.
  return withRunFolder(out, { command: 'pretrain', resume: req.resume, settings: req.settings }, () => runLocked(req, out, emit, signal));
}

async function runLocked(req: PretrainRequest, out: string, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<TrainSummary> {
  const from = req.from;
  const start = from !== undefined && !req.resume ? await loadStartingModel(from, (config) => assertFolderServes(config, 'continuePretraining', from)) : undefined;
  const given = start ? { ...req.hyperparams, ...startingHyperparams(start, req.hyperparams.context, DEFAULT_HYPERPARAMS.context) } : req.hyperparams;
  const { hyper, resumeFrom } = req.resume ? await resolveResume(out, given) : resolveNewRun(out, given);
  const family = trainFamily(hyper.arch, hyper.objective);
  const architecture = (vocabSize: number, tokenIds?: ArchitectureOptions['tokenIds']): ArchitectureOptions => ({
    arch: hyper.arch, vocabSize, layers: hyper.layers, heads: hyper.heads, dim: hyper.dim, context: hyper.context, dropout: hyper.dropout, tokenIds, generatorDim: req.generatorDim, segments: family.segments,
  });
  if (req.generatorDim !== undefined) {
    if (resumeFrom || start) throw new InputError(`--generator-dim sets up a new model; ${resumeFrom ? 'a resumed run' : '--from'} keeps the generator its config.json describes`);
    buildConfig(architecture(hyper.vocabSize)); // its one-line refusal now, before the corpus is read
  }
  const shapeFor = (vocabSize: number) => ({ layers: hyper.layers, heads: hyper.heads, dim: hyper.dim, context: hyper.context, batch: hyper.batch, vocabSize, heldBatches: hyper.evalBatches });
  // Before the slow parts: a char vocabulary is at most a few hundred symbols for real text.
  assertFitsInMemory(shapeFor(hyper.tokenizer === 'char' ? 256 : hyper.vocabSize));

  const warn = (message: string) => emit({ event: 'log', level: 'warn', message });
  const scan = await scanCorpusOrFail(req.corpus, signal, { ...req.scan, modelFolder: out, warn });
  emit(scanEvent(scan));
  // Before the tokenizer is trained: a corpus without pairs is refused at once.
  const pairSplit = family.needsPairs
    ? await minePairsOrFail(req.corpus, { objective: hyper.objective, valFraction: hyper.valFraction, seed: hyper.seed, maxFileBytes: req.scan?.maxFileBytes, modelFolder: out, signal })
    : undefined;
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
    config = buildConfig(architecture(tokenizer.vocabSize, ids));
  }
  // A contrastive run saves a headless encoder (its family's base class), also when it starts from a masked LM; a sentence encoder continued as a masked LM gets its head back.
  config = configForObjective(config, hyper.objective);
  const memoryEstimateBytes = assertFitsInMemory(shapeFor(tokenizer.vocabSize));

  const tokens = await tokenizeCorpus(scan, tokenizer, path.join(out, TOKEN_CACHE_DIR), { valFraction: hyper.valFraction, seed: hyper.seed }, signal, warn);
  if (resumeFrom && resumeFrom.corpusFingerprint !== tokens.fingerprint) {
    throw new InputError(`the corpus ${req.corpus} is not the one this run was trained on (its files or their contents changed); resume with the same corpus, or start a new run`);
  }
  const pairs = pairSplit && tokenizePairSplit(pairSplit, tokenizer, req.corpus, hyper.objective, warn);
  const batchOptions = { batchSize: hyper.batch, context: hyper.context, seed: hyper.seed, masking: hyper.masking, contrastive: contrastiveOptionsOf(hyper) };
  const source = dataOrFail('training', () => family.batches(tokens.train, tokenizer, { ...batchOptions, pairs: pairs?.train }));
  const valBatches = dataOrFail('validation', () => drawValidationBatches((seed) => family.batches(tokens.val, tokenizer, { ...batchOptions, seed, pairs: pairs?.validation }), hyper.evalBatches));

  const forward = family.forward(config, batchShapeOf(source, batchOptions));
  const specs = paramSpecsOf(forward);
  return runTrainingSession({
    out,
    hyper,
    settings: req.settings,
    forward,
    specs,
    source,
    valBatches,
    initial: () => (resumeFrom ? readCheckpoint(out, specs) : { state: freshTrainState(specs, start ? startWeights(start, specs, hyper.seed, emit) : initialWeights(specs, hyper.seed)) }),
    dataFingerprint: tokens.fingerprint,
    folder: { config, tokenizer },
    start: { trainTokens: tokens.trainTokens, valTokens: tokens.valTokens, memoryEstimateBytes },
    emit,
    signal,
  });
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

