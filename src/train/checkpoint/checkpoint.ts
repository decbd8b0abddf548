/**
 * Checkpoints: everything `--resume` needs, in the model folder's `training/`, beside a model
 * folder that is a valid Hugging Face folder at every checkpoint.
 *
 *   training/model.safetensors      parameters (HF names), exactly what the optimizer holds
 *   training/optimizer.safetensors  AdamW moments adam_m.<name>, adam_v.<name>
 *   training/carried.safetensors    tensors carried between steps (contrastive queue, momentum encoder), when the run has any
 *   training/state.json             step, RNG state, data position, clock, corpus fingerprint
 *   training/hyperparams.json       the run's hyperparameters
 *   training/metrics.jsonl          one line per step / evaluation, up to this checkpoint
 *
 * The whole `training/` folder is replaced in one atomic swap, so a crash (SIGKILL, power loss,
 * full disk) leaves either the previous checkpoint or the new one. The top-level weights are
 * written after it (atomically per file) for other tools; resume reads only `training/`.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../../util/errors';
import type { BatchSourceState } from '../../data/batch';
import { saveModelFolder } from '../../models/model-folder';
import { recoverDirectorySwap, replaceDirectoryAtomic } from '../../util/atomic-write';
import { JSON_FILE_LIMITS, parseJsonText, readOptionalJsonFile, readOptionalText } from '../../modelfile/json-file';
import { TRAINING_DIR, TRAINING_FILES as FILES } from '../../modelfile/layout';
import { readSafetensors, writeSafetensors, type Tensor } from '../../modelfile/safetensors';
import type { ModelConfig } from '../../models/configs';
import { familyOf } from '../../models/registry';
import { isSentenceEncoder, sentenceEncoderFiles } from '../../models/sentence-encoder-folder';
import { TRAINING_HEAD_PREFIX } from '../../models/family';
import type { ParamSpec } from '../../nn/params';
import type { Tokenizer } from '../../tokenizer/types';
import type { RngState } from '../../util/rng';
import type { RunHyperparams } from '../run/hyperparams';
import { stepNames } from '../step/step-graph';
import type { TrainState } from '../step/step-session';

const STATE_VERSION = 1;

/** What state.json holds. */
export interface TrainingProgress {
  version: number;
  /** Optimizer steps taken. */
  step: number;
  /** The trainer's RNG (dropout masks) after `step`. */
  rng: RngState;
  /** The batch source's position after `step`. */
  data: BatchSourceState;
  /** Training time so far over all sessions of the run (for tokens/s and --max-minutes). */
  elapsedMs: number;
  tokensSeen: number;
  /** Hash of the training data: a resume over other data would not continue the same run. */
  corpusFingerprint: string;
  lastLoss?: number;
  lastValLoss?: number;
}

export interface Checkpoint {
  progress: TrainingProgress;
  hyperparams: RunHyperparams;
  state: TrainState;
  /** JSON records, one per line of metrics.jsonl. */
  metrics: object[];
}

export interface FolderIdentity {
  config: ModelConfig;
  tokenizer: Tokenizer;
}

export function trainingDir(modelDir: string): string {
  return path.join(modelDir, TRAINING_DIR);
}

/** Writes `training/` (atomically, as a whole) and then the top-level HF files. */
export async function writeCheckpoint(modelDir: string, specs: ParamSpec[], ckpt: Checkpoint, folder: FolderIdentity): Promise<string> {
  const dir = trainingDir(modelDir);
  const weights = tensorsOf(specs, ckpt.state.params, (n) => n);
  const moments = new Map<string, Tensor>([...tensorsOf(specs, ckpt.state.m, stepNames.m), ...tensorsOf(specs, ckpt.state.v, stepNames.v)]);
  await replaceDirectoryAtomic(dir, async (staging) => {
    await writeSafetensors(path.join(staging, FILES.weights), weights, { format: 'pt' });
    await writeSafetensors(path.join(staging, FILES.optimizer), moments);
    const carried = ckpt.state.carried;
    if (carried?.size) await writeSafetensors(path.join(staging, FILES.carried), new Map([...carried].map(([name, data]) => [name, { dtype: 'F32', shape: [data.length], data: Float32Array.from(data) } as Tensor])));
    await writeFile(path.join(staging, FILES.state), JSON.stringify(ckpt.progress, null, 2) + '\n');
    await writeFile(path.join(staging, FILES.hyperparams), JSON.stringify(ckpt.hyperparams, null, 2) + '\n');
    await writeFile(path.join(staging, FILES.metrics), ckpt.metrics.map((m) => JSON.stringify(m) + '\n').join(''));
  });
  // Training-only heads (SpanBERT's boundary head) stay in training/: the folder is the plain HF class.
  const shaped = new Map([...weights].filter(([name]) => !name.startsWith(TRAINING_HEAD_PREFIX)).map(([name, t]) => [name, { shape: t.shape, data: t.data as Float32Array }]));
  // A contrastive run saves a headless sentence encoder (sentence-encoder-folder.ts).
  if (isSentenceEncoder(folder.config)) {
    const files = sentenceEncoderFiles(folder.config, new Map([...shaped].map(([name, t]) => [name, t.data])));
    await saveModelFolder(modelDir, { config: folder.config, weights: shaped, tokenizer: folder.tokenizer, ...files });
    return dir;
  }
  // Most families save one folder; ELECTRA saves its discriminator here and its generator in generator/.
  const folders = familyOf(folder.config).pretrainedFolders?.(folder.config, shaped) ?? [{ subdir: '', config: folder.config, weights: shaped }];
  for (const f of folders) {
    const onnx = familyOf(f.config).exportOnnx(f.config, new Map([...f.weights].map(([name, t]) => [name, t.data])));
    await saveModelFolder(path.join(modelDir, f.subdir), { config: f.config, weights: f.weights, tokenizer: folder.tokenizer, onnx });
  }
  return dir;
}

/** Reads `training/`; every fault is an InputError naming the file. Call while holding the lock. */
export async function readCheckpoint(modelDir: string, specs: ParamSpec[]): Promise<Checkpoint> {
  const dir = trainingDir(modelDir);
  await recoverDirectorySwap(dir);
  const progress = checkProgress(await readJson(path.join(dir, FILES.state)), path.join(dir, FILES.state));
  const hyperparams = checkObject(await readJson(path.join(dir, FILES.hyperparams)), path.join(dir, FILES.hyperparams)) as unknown as RunHyperparams;
  const weights = (await readSafetensors(path.join(dir, FILES.weights))).tensors;
  const moments = (await readSafetensors(path.join(dir, FILES.optimizer))).tensors;
  const take = (tensors: Map<string, Tensor>, file: string, name: string, spec: ParamSpec): Float32Array => {
    const t = tensors.get(name);
    if (!t || t.dtype !== 'F32' || t.shape.join() !== spec.shape.join()) {
      throw new InputError(`${path.join(dir, file)}: tensor '${name}' is missing or not F32 [${spec.shape}]; the checkpoint does not match this model`);
    }
    return t.data as Float32Array;
  };
  const state: TrainState = {
    params: new Map(specs.map((s) => [s.name, take(weights, FILES.weights, s.name, s)])),
    m: new Map(specs.map((s) => [s.name, take(moments, FILES.optimizer, stepNames.m(s.name), s)])),
    v: new Map(specs.map((s) => [s.name, take(moments, FILES.optimizer, stepNames.v(s.name), s)])),
    step: progress.step,
    // Empty when the run carries nothing (or the file is lost: the step session then refuses to resume).
    carried: existsSync(path.join(dir, FILES.carried)) ? await readCarried(path.join(dir, FILES.carried)) : new Map(),
  };
  // metrics.jsonl is a log, not state: a checkpoint without one resumes with an empty log.
  const metricsText = readOptionalText(path.join(dir, FILES.metrics), JSON_FILE_LIMITS.metrics) ?? '';
  const metrics = metricsText.split('\n').filter((l) => l.trim() !== '').map((line, i) => parseJsonText(line, `${path.join(dir, FILES.metrics)} line ${i + 1}`) as object);
  return { progress, hyperparams, state, metrics };
}

/** The hyperparameters of a folder's checkpoint, without loading its tensors. */
export async function readCheckpointHyperparams(modelDir: string): Promise<{ hyperparams: RunHyperparams; progress: TrainingProgress } | undefined> {
  const dir = trainingDir(modelDir);
  try {
    const hyperparams = checkObject(await readJson(path.join(dir, FILES.hyperparams)), path.join(dir, FILES.hyperparams)) as unknown as RunHyperparams;
    return { hyperparams, progress: checkProgress(await readJson(path.join(dir, FILES.state)), path.join(dir, FILES.state)) };
  } catch (error) {
    if (error instanceof InputError && /no such file/.test(error.message)) return undefined;
    throw error;
  }
}

/** The carried tensors as flat F32 vectors (their shapes are the step graph's; StepSession checks the lengths). */
async function readCarried(file: string): Promise<Map<string, Float32Array>> {
  const carried = new Map<string, Float32Array>();
  for (const [name, t] of (await readSafetensors(file)).tensors) {
    if (t.dtype !== 'F32' || t.shape.length !== 1) throw new InputError(`${file}: tensor '${name}' is not a flat F32 vector; the checkpoint is damaged`);
    carried.set(name, t.data as Float32Array);
  }
  return carried;
}

function tensorsOf(specs: ParamSpec[], values: Map<string, Float32Array | Float64Array>, name: (param: string) => string): Map<string, Tensor> {
  return new Map(specs.map((s) => [name(s.name), { dtype: 'F32', shape: s.shape, data: Float32Array.from(values.get(s.name)!) } as Tensor]));
}

async function readJson(file: string): Promise<unknown> {
  const json = readOptionalJsonFile(file, JSON_FILE_LIMITS.trainingState);
  if (json === undefined) throw new InputError(`${file}: no such file; the checkpoint is incomplete`);
  return json;
}

function checkObject(value: unknown, file: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${file}: must be a JSON object; the checkpoint is damaged`);
  return value as Record<string, unknown>;
}

const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isRngState = (v: unknown) => Array.isArray(v) && v.length === 4 && v.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32);
const isOptionalNumber = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));

/**
 * state.json field by field: a resume from a damaged state would continue a different run
 * silently (wrong data position, RNG) or fail deep inside, far from the cause.
 */
function checkProgress(value: unknown, file: string): TrainingProgress {
  const p = checkObject(value, file);
  const data = p.data as Record<string, unknown> | null;
  const problems: [boolean, string][] = [
    [p.version === STATE_VERSION, `"version" is ${JSON.stringify(p.version)}, not ${STATE_VERSION}: not a training state this version can resume`],
    [isCount(p.step), '"step" must be a non-negative integer'],
    [isRngState(p.rng), '"rng" must be four 32-bit unsigned integers'],
    [typeof data === 'object' && data !== null && typeof data.objective === 'string' && isCount(data.batchesDrawn) && isRngState(data.rng), '"data" must hold the batch position (objective, batchesDrawn, rng)'],
    [typeof p.elapsedMs === 'number' && p.elapsedMs >= 0 && Number.isFinite(p.elapsedMs), '"elapsedMs" must be a non-negative number'],
    [typeof p.tokensSeen === 'number' && p.tokensSeen >= 0 && Number.isFinite(p.tokensSeen), '"tokensSeen" must be a non-negative number'],
    [typeof p.corpusFingerprint === 'string', '"corpusFingerprint" must be a string'],
    [isOptionalNumber(p.lastLoss) && isOptionalNumber(p.lastValLoss), '"lastLoss" and "lastValLoss" must be numbers when present'],
  ];
  const problem = problems.find(([ok]) => !ok);
  if (problem) throw new InputError(`${file}: ${problem[1]}; the checkpoint is damaged`);
  return p as unknown as TrainingProgress;
}
