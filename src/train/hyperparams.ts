/**
 * The hyperparameters of a pretraining run: what `pretrain-lab pretrain` flags set, what a
 * checkpoint records so that `--resume` continues the same run, and their checks. Defaults are
 * the nanoGPT CPU recipe of DESIGN.md §3, which fits a 2-core laptop.
 */
import os from 'node:os';
import { InputError } from '../util/errors';
import type { ModelType } from '../models/configs';
import type { TokenizerKind } from '../tokenizer';
import type { DeviceRequest } from '../runtime/execution-provider';
import type { ObjectiveName } from './families';

export interface RunHyperparams {
  arch: ModelType;
  objective: ObjectiveName;
  tokenizer: TokenizerKind;
  /** Tokenizer vocabulary size; ignored by char tokenizers (they take every character seen). */
  vocabSize: number;
  layers: number;
  heads: number;
  dim: number;
  /** Tokens per training row (and the position table's length). */
  context: number;
  /** Sequences per micro-batch: the batch dimension of the step graph. */
  batch: number;
  /** Micro-batches per optimizer step; their gradients are averaged before one AdamW update. */
  gradAccum: number;
  /** Optimizer steps of the whole run (the cosine schedule ends here). */
  steps: number;
  lr: number;
  minLr: number;
  warmup: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  /** Global gradient-norm limit; 0 turns clipping off. */
  clip: number;
  dropout: number;
  valFraction: number;
  /** Evaluate every N optimizer steps (and at the end); 0 = only at the end. */
  evalEvery: number;
  evalBatches: number;
  /** Checkpoint every N optimizer steps (and at the end); 0 = only at the end. */
  checkpointEvery: number;
  seed: number;
}

/** Settings of one process running the run; they may differ between a run and its resume. */
export interface RunSettings {
  threads?: number;
  device: DeviceRequest;
  /** Stop (with a checkpoint) after this many minutes of training. */
  maxMinutes?: number;
}

export const DEFAULT_HYPERPARAMS: RunHyperparams = {
  arch: 'gpt2',
  objective: 'clm',
  tokenizer: 'bpe',
  vocabSize: 2048,
  layers: 4,
  heads: 4,
  dim: 128,
  context: 64,
  batch: 12,
  gradAccum: 1,
  steps: 2000,
  lr: 1e-3,
  minLr: 1e-4,
  warmup: 100,
  weightDecay: 0.1,
  beta1: 0.9,
  beta2: 0.99,
  clip: 1,
  dropout: 0,
  valFraction: 0.1,
  evalEvery: 250,
  evalBatches: 20,
  checkpointEvery: 250,
  seed: 1337,
};

/** The flag that sets each field, so messages name what the user typed. */
export const FLAG_OF_FIELD: Record<keyof RunHyperparams, string> = {
  arch: '--arch',
  objective: '--objective',
  tokenizer: '--tokenizer',
  vocabSize: '--vocab-size',
  layers: '--layers',
  heads: '--heads',
  dim: '--dim',
  context: '--context',
  batch: '--batch',
  gradAccum: '--grad-accum',
  steps: '--steps',
  lr: '--lr',
  minLr: '--min-lr',
  warmup: '--warmup',
  weightDecay: '--weight-decay',
  beta1: '--beta1',
  beta2: '--beta2',
  clip: '--clip',
  dropout: '--dropout',
  valFraction: '--val-fraction',
  evalEvery: '--eval-every',
  evalBatches: '--eval-batches',
  checkpointEvery: '--checkpoint-every',
  seed: '--seed',
};

/**
 * Fields a resumed run may change. The reporting ones leave the loss curve alone; steps and the
 * learning rates change it only from the resume point on, which is what a user lowering --lr
 * after a diverged run or extending a run asks for. Everything else would make the checkpoint
 * mean something else (another model, other data, another optimizer).
 */
export const CHANGEABLE_ON_RESUME: ReadonlySet<keyof RunHyperparams> = new Set(['steps', 'evalEvery', 'checkpointEvery', 'lr', 'minLr']);

type Rule = (v: number) => boolean;
const positiveInt: Rule = (v) => Number.isInteger(v) && v >= 1;
const nonNegativeInt: Rule = (v) => Number.isInteger(v) && v >= 0;
const RULES: [keyof RunHyperparams, Rule, string][] = [
  ['vocabSize', positiveInt, 'a positive integer'],
  ['layers', positiveInt, 'a positive integer'],
  ['heads', positiveInt, 'a positive integer'],
  ['dim', positiveInt, 'a positive integer'],
  ['context', (v) => positiveInt(v) && v >= 2, 'an integer of at least 2'],
  ['batch', positiveInt, 'a positive integer'],
  ['gradAccum', positiveInt, 'a positive integer'],
  ['steps', positiveInt, 'a positive integer'],
  ['lr', (v) => v > 0 && v < 10, 'in (0, 10)'],
  ['minLr', (v) => v >= 0 && v < 10, 'in [0, 10)'],
  ['warmup', nonNegativeInt, 'a non-negative integer'],
  ['weightDecay', (v) => v >= 0 && v < 1, 'in [0, 1)'],
  ['beta1', (v) => v >= 0 && v < 1, 'in [0, 1)'],
  ['beta2', (v) => v >= 0 && v < 1, 'in [0, 1)'],
  ['clip', (v) => v >= 0 && Number.isFinite(v), 'a non-negative number (0 = off)'],
  ['dropout', (v) => v >= 0 && v < 1, 'in [0, 1)'],
  ['valFraction', (v) => v > 0 && v < 1, 'in (0, 1): a run needs validation data'],
  ['evalEvery', nonNegativeInt, 'a non-negative integer'],
  ['evalBatches', positiveInt, 'a positive integer'],
  ['checkpointEvery', nonNegativeInt, 'a non-negative integer'],
  ['seed', (v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32, 'an integer in [0, 2^32)'],
];

/** Throws an InputError naming the flag of the first value out of range. */
export function validateHyperparams(h: RunHyperparams): void {
  for (const [field, ok, expected] of RULES) {
    const value = h[field] as number;
    if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) {
      throw new InputError(`${FLAG_OF_FIELD[field]} must be ${expected}, got ${value}`);
    }
  }
  if (h.dim % h.heads !== 0) throw new InputError(`--heads ${h.heads} does not divide --dim ${h.dim}: every head needs the same share of the width`);
  if (h.minLr > h.lr) throw new InputError(`--min-lr ${h.minLr} is above --lr ${h.lr}`);
}

/**
 * The most ONNX Runtime threads a run may ask for: more than a few per core only adds switching,
 * and thousands of threads exhaust the process's limits before any work is done.
 */
export const MAX_THREADS = Math.min(256, 4 * os.availableParallelism());

/** Throws an InputError naming the flag of a setting out of range. */
export function validateSettings(s: RunSettings): void {
  if (s.threads !== undefined && !(Number.isInteger(s.threads) && s.threads >= 1 && s.threads <= MAX_THREADS)) {
    throw new InputError(`--threads must be an integer from 1 to ${MAX_THREADS} (4 per core of this machine, at most 256), got ${s.threads}`);
  }
  if (s.maxMinutes !== undefined && !(s.maxMinutes > 0 && Number.isFinite(s.maxMinutes))) {
    throw new InputError(`--max-minutes must be a positive number of minutes, got ${s.maxMinutes}`);
  }
}
