/**
 * `finetune --task classify` as one function, as the worker job runs it: the model folder's
 * weights and tokenizer, a sequence-classification head on top, labelled data in batches, and
 * the same step graph, loop, checkpoints and events as pretraining. Every checkpoint leaves in
 * `out` a Hugging Face `…ForSequenceClassification` folder (id2label/label2id in config.json)
 * with its `onnx/model.onnx`; evaluations report accuracy and macro-F1 on the validation split.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../util/errors';
import { ClassificationBatches, classificationPadId, coveringBatches } from '../../data/labelled-batches';
import { TokenBoxBatches, withTokenBoxes } from '../../data/batch-boxes';
import { CONFIG_FILE } from '../../modelfile/layout';
import { readConfig } from '../../models/config-io';
import type { ModelConfig } from '../../models/configs';
import { familyOf } from '../../models/registry';
import { readTokenizerFiles, type PipelineTokenizer } from '../../tokenizer';
import type { ParamSpec } from '../../nn/params';
import { readCheckpoint, readCheckpointHyperparams, trainingDir } from '../checkpoint/checkpoint';
import type { EvalEvent, TrainEvent, TrainSummary } from '../run/events';
import { classificationForward, classificationScores, classifierFamilyOf, type ClassificationScores } from '../forward-classify';
import { prepareClassifyData, type ClassifyData, type ClassifyDataRequest } from './finetune-data';
import { asLoopHyperparams, CLASSIFY_DEFAULTS, newClassifyHyperparams, resumedClassifyHyperparams, type ClassifyFlags, type ClassifyHyperparams } from './finetune-hyperparams';
import { loadStartingModel, startingHyperparams, warmStartWeights } from './finetune-start';
import { listLabels } from './label-list';
import { DEFAULT_HYPERPARAMS, type RunSettings } from '../run/hyperparams';
import { assertFitsInMemory } from '../run/memory';
import { runTrainingSession, withRunFolder, type InitialState } from '../run/training-session';
import { paramSpecsOf } from '../step/param-specs';
import { freshTrainState } from '../step/step-session';

export interface FinetuneClassifyRequest extends ClassifyDataRequest {
  /** The model folder to start from (ignored on resume: `out` holds the run). */
  model: string;
  out: string;
  hyperparams: ClassifyFlags;
  settings: RunSettings;
  resume: boolean;
}

/** The `done` summary, with the last evaluation's scores. */
export interface ClassifySummary extends TrainSummary {
  accuracy?: number;
  macroF1?: number;
  labels: string[];
}

export async function finetuneClassify(req: FinetuneClassifyRequest, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<ClassifySummary> {
  const out = path.resolve(req.out);
  return withRunFolder(out, { command: 'finetune', resume: req.resume, settings: req.settings }, () => (req.resume ? resumeRun(req, out, emit, signal) : newRun(req, out, emit, signal)));
}

interface Run {
  hyper: ClassifyHyperparams;
  config: ModelConfig;
  tokenizer: PipelineTokenizer;
  settings: RunSettings;
}

async function newRun(req: FinetuneClassifyRequest, out: string, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<ClassifySummary> {
  if (existsSync(path.join(out, CONFIG_FILE)) || existsSync(trainingDir(out))) {
    throw new InputError(`--out ${out} already holds a model; pass --resume to continue its training, or choose a new folder`);
  }
  const start = await loadStartingModel(req.model, classifierFamilyOf);
  // The examples decide the row length: the longest, within the context allowed.
  const model = startingHyperparams(start, req.hyperparams.context, Infinity);
  const seed = req.hyperparams.seed ?? DEFAULT_HYPERPARAMS.seed;
  const data = prepareClassifyData(req, start.tokenizer, { valFraction: req.hyperparams.valFraction ?? CLASSIFY_DEFAULTS.valFraction, seed, maxContext: model.context });
  const hyper = newClassifyHyperparams(req.hyperparams, { ...model, context: data.context }, {
    labels: data.labels,
    dataFingerprint: data.fingerprint,
    trainExamples: data.train.rows.length,
  });
  const config = classifierConfig(start.config, data.labels, classificationPadId(start.tokenizer));
  // A head trained for other labels is not a start for these: it begins afresh.
  const sameHead = JSON.stringify(start.config.id2label) === JSON.stringify(config.id2label);
  const { headPrefix } = classifierFamilyOf(config);
  const weights = sameHead ? start.weights : new Map([...start.weights].filter(([name]) => !name.startsWith(headPrefix)));
  return train({ hyper, config, tokenizer: start.tokenizer, settings: req.settings }, data, out, emit, signal, (specs) => {
    const { weights: initial, fresh } = warmStartWeights(specs, { ...start, weights }, hyper.seed);
    emit({ event: 'log', level: 'info', message: `Starting from the weights of ${start.dir}; new, randomly initialised: ${fresh.join(', ') || 'none'}` });
    return { state: freshTrainState(specs, initial) };
  });
}

async function resumeRun(req: FinetuneClassifyRequest, out: string, emit: (e: TrainEvent) => void, signal?: AbortSignal): Promise<ClassifySummary> {
  const saved = await readCheckpointHyperparams(out);
  if (!saved) throw new InputError(`${out} has no training checkpoint to resume; start a new run without --resume`);
  if ((saved.hyperparams.objective as string) !== 'classify') throw new InputError(`${out} holds a ${saved.hyperparams.objective} run, not a classification finetuning run`);
  const hyper = resumedClassifyHyperparams(saved.hyperparams as unknown as ClassifyHyperparams, req.hyperparams);
  const tokenizer = await readTokenizerFiles(out);
  const data = prepareClassifyData(req, tokenizer, { valFraction: hyper.valFraction, seed: hyper.seed, maxContext: hyper.context }, hyper.labels);
  if (data.fingerprint !== hyper.dataFingerprint || data.context !== hyper.context) {
    throw new InputError(`the labelled data is not the data this run was trained on (${req.data} changed); resume with the same data, or start a new run`);
  }
  return train({ hyper, config: await readConfig(out), tokenizer, settings: req.settings }, data, out, emit, signal, (specs) => readCheckpoint(out, specs));
}

/** The state a run starts from: the warm-started weights, or a checkpoint with its position. */
type Initial = (specs: ParamSpec[]) => Promise<InitialState> | InitialState;

async function train(run: Run, data: ClassifyData, out: string, emit: (e: TrainEvent) => void, signal: AbortSignal | undefined, initial: Initial): Promise<ClassifySummary> {
  const { hyper, config, tokenizer, settings } = run;
  const heldBatches = Math.ceil(data.val.rows.length / hyper.batch);
  const memoryEstimateBytes = assertFitsInMemory({ layers: hyper.layers, heads: hyper.heads, dim: hyper.dim, context: hyper.context, batch: hyper.batch, vocabSize: hyper.vocabSize, heldBatches });
  const batchOptions = { batchSize: hyper.batch, context: hyper.context, padId: classificationPadId(tokenizer), seed: hyper.seed };
  const forward = classificationForward(config, hyper.batch, hyper.context);
  const boxes = familyOf(config).tokenBoxes === true;
  const specs = paramSpecsOf(forward);
  // The loop reports the summed counts; the user reads accuracy and macro-F1.
  const L = hyper.labels.length;
  let lastScores: ClassificationScores | undefined;
  const report = (e: TrainEvent) => {
    if (e.event !== 'eval') return emit(e);
    lastScores = classificationScores(e.metrics ?? {}, L);
    emit({ ...e, metrics: { accuracy: lastScores.accuracy, macroF1: lastScores.macroF1, examples: lastScores.examples } } satisfies EvalEvent);
  };
  const cut = data.train.truncated + data.val.truncated;
  const summary = await runTrainingSession({
    out,
    hyper: asLoopHyperparams(hyper),
    settings,
    forward,
    specs,
    // LayoutLM: rows carry their tokens' boxes, as at inference.
    source: boxes ? new TokenBoxBatches(new ClassificationBatches(data.train, batchOptions), tokenizer) : new ClassificationBatches(data.train, batchOptions),
    valBatches: boxes ? coveringBatches(data.val, batchOptions).map((b) => withTokenBoxes(b, tokenizer)) : coveringBatches(data.val, batchOptions),
    initial: () => initial(specs),
    dataFingerprint: hyper.dataFingerprint,
    // The folder's onnx/model.onnx is the classifier graph: exportOnnxFiles reads `architectures`.
    folder: { config, tokenizer },
    start: { trainTokens: tokensIn(data.train.rows), valTokens: tokensIn(data.val.rows), memoryEstimateBytes },
    startNote: `Classifying ${L} labels (${listLabels(hyper.labels)}): ${data.train.rows.length} training / ${data.val.rows.length} validation examples, ${hyper.context} tokens each${cut ? `, ${cut} cut to fit` : ''}`,
    emit: report,
    signal,
  });
  return { ...summary, accuracy: lastScores?.accuracy, macroF1: lastScores?.macroF1, labels: hyper.labels };
}

function tokensIn(rows: readonly { length: number }[]): number {
  return rows.reduce((n, r) => n + r.length, 0);
}

/**
 * The starting config turned into a classifier's, as HF's `…ForSequenceClassification` saves it.
 * `padId` becomes pad_token_id where the config has none (GPT-2): HF's GPT-2 classifier reads each
 * row at its last token that is not the pad id, and our batches pad with this id.
 */
export function classifierConfig(config: ModelConfig, labels: readonly string[], padId: number): ModelConfig {
  const { architecture } = classifierFamilyOf(config); // throws the clear error for other families
  return {
    ...config,
    architectures: [architecture],
    id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
    // transformers derives num_labels from id2label; written too for tools that read it directly.
    ...({ num_labels: labels.length } as object),
    ...(config.pad_token_id == null ? { pad_token_id: padId } : {}),
  };
}
