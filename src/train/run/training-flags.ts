/**
 * The training flags, declared once: each hyperparameter's type, default, range, help text, the
 * commands that take it, and the extension setting that presets it. The pretrain and finetune
 * command lines (cli/commands/train-options.ts), the checks on a run's hyperparameters, new or
 * resumed (hyperparams.ts), and the extension's `pretrainLab.defaults.*` settings are made from
 * this table; a test holds package.json's settings to it.
 */
import { MODEL_TYPES, type ModelType } from '../../models/configs';
import { FAMILIES } from '../../models/registry';
import type { TokenizerKind } from '../../tokenizer';
import { OBJECTIVES, type ObjectiveName } from '../families';
import { MASKING_STRATEGIES, type MaskingStrategy } from '../../data/masking';

/** Bounds of a number: `min`/`max` inclusive, `above`/`below` exclusive. Every value must be finite. */
export interface NumberRange {
  min?: number;
  above?: number;
  max?: number;
  below?: number;
}

interface FlagBase {
  /** What it sets, for the help text; the default is appended per command. */
  description: string;
  /** Whether a resumed run may change it (see CHANGEABLE_ON_RESUME). */
  changeableOnResume?: boolean;
  /**
   * Whether `finetune` takes it, and for which task; `pretrain` takes every hyperparameter.
   * `classify` is the default of a classification run where it differs from pretraining's: a
   * number the run uses, or words saying how it is derived (help only).
   */
  finetune?: { tasks: 'both' | 'lm'; classify?: number | string };
  /** The help's default where it is not simply the value (enums whose default depends on the model type). */
  defaultHelp?: string;
  /** The setting `pretrainLab.defaults.<name>` that presets it for a new run, and the range its editor offers. */
  setting?: { name: string; minimum: number; maximum: number };
}

export type FlagSpec<V> = FlagBase &
  ([V] extends [number]
    ? { type: 'int' | 'float'; default: V; range: NumberRange; /** Appended to the message of a value out of range. */ why?: string }
    : { type: 'enum'; values: readonly V[]; default: V });

/** A flag of either kind, as code that goes over the whole table sees it. */
export type AnyFlag = FlagSpec<number> | FlagSpec<string>;

/** The hyperparameters of a pretraining run: what the flags set, and what a checkpoint records so that `--resume` continues the same run. */
export interface RunHyperparams {
  arch: ModelType;
  objective: ObjectiveName;
  /** What --objective mlm masks as units; absent in checkpoints from before --masking, which masked tokens. */
  masking?: MaskingStrategy;
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
  /** --objective contrastive: negatives kept from earlier batches (MoCo/WenLan queue), 0 = in-batch only; absent in checkpoints of other objectives. */
  queueSize?: number;
  /** --objective contrastive: EMA rate of the momentum encoder that fills the queue; absent in checkpoints of other objectives. */
  momentum?: number;
}

const positive = { min: 1 };
const nonNegative = { min: 0 };
const probability = { min: 0, below: 1 };
const BOTH = { tasks: 'both' } as const;

/**
 * The table. Defaults are the nanoGPT CPU recipe of DESIGN.md §3, which fits a 2-core laptop;
 * a classification finetuning run's follow BERT's recipe scaled to small models.
 */
export const HYPERPARAM_FLAGS: { [K in keyof RunHyperparams]-?: FlagSpec<NonNullable<RunHyperparams[K]>> } = {
  arch: { type: 'enum', values: MODEL_TYPES, default: 'gpt2', description: 'model type' },
  objective: { type: 'enum', values: OBJECTIVES, default: 'clm', description: 'pretraining objective', finetune: { tasks: 'lm' }, defaultHelp: `the model type's: ${FAMILIES.map((f) => `${f.modelType} ${f.defaultObjective}`).join(', ')}` },
  masking: {
    type: 'enum', values: MASKING_STRATEGIES, default: 'token',
    description: 'what --objective mlm masks as units: token, whole-word, span (SpanBERT) or identifier (ERNIE-style: identifiers, literals, numbers, names)',
  },
  tokenizer: { type: 'enum', values: ['bpe', 'wordpiece', 'char'], default: 'bpe', description: 'tokenizer to train', defaultHelp: 'by model type: bpe for gpt2/t5, wordpiece for bert' },
  vocabSize: { type: 'int', default: 2048, range: positive, description: 'tokenizer vocabulary size, ignored by char', setting: { name: 'vocabSize', minimum: 64, maximum: 262144 } },
  layers: { type: 'int', default: 4, range: positive, description: 'transformer layers', setting: { name: 'layers', minimum: 1, maximum: 48 } },
  heads: { type: 'int', default: 4, range: positive, description: 'attention heads', setting: { name: 'heads', minimum: 1, maximum: 64 } },
  dim: { type: 'int', default: 128, range: positive, description: 'model width', setting: { name: 'width', minimum: 8, maximum: 4096 } },
  context: {
    type: 'int', default: 64, range: { min: 2 }, description: "tokens per training row (at most the model's positions when finetuning)",
    finetune: { tasks: 'both', classify: "the longest example's" }, setting: { name: 'context', minimum: 8, maximum: 4096 },
  },
  batch: { type: 'int', default: 12, range: positive, description: 'rows per micro-batch', finetune: { tasks: 'both', classify: 16 }, setting: { name: 'batchSize', minimum: 1, maximum: 4096 } },
  gradAccum: { type: 'int', default: 1, range: positive, description: 'micro-batches per optimizer step', finetune: BOTH },
  steps: {
    type: 'int', default: 2000, range: positive, description: 'optimizer steps', changeableOnResume: true,
    finetune: { tasks: 'both', classify: 'from --epochs' }, setting: { name: 'steps', minimum: 1, maximum: 10_000_000 },
  },
  lr: { type: 'float', default: 1e-3, range: { above: 0, below: 10 }, description: 'peak learning rate', changeableOnResume: true, finetune: { tasks: 'both', classify: 5e-4 } },
  minLr: { type: 'float', default: 1e-4, range: { min: 0, below: 10 }, description: 'learning rate at the end of the cosine decay', changeableOnResume: true, finetune: { tasks: 'both', classify: 'a tenth of the smaller of --lr and 1e-4' } },
  warmup: { type: 'int', default: 100, range: nonNegative, description: 'linear warmup steps', finetune: { tasks: 'both', classify: 'a tenth of the steps' } },
  weightDecay: { type: 'float', default: 0.1, range: probability, description: 'AdamW weight decay', finetune: { tasks: 'both', classify: 0.01 } },
  beta1: { type: 'float', default: 0.9, range: probability, description: 'AdamW beta1', finetune: BOTH },
  beta2: { type: 'float', default: 0.99, range: probability, description: 'AdamW beta2', finetune: { tasks: 'both', classify: 0.999 } },
  clip: { type: 'float', default: 1, range: nonNegative, why: ' (0 = off)', description: 'global gradient-norm clip, 0 = off', finetune: BOTH },
  dropout: { type: 'float', default: 0, range: probability, description: 'dropout rate' },
  valFraction: {
    type: 'float', default: 0.1, range: { above: 0, below: 1 }, why: ': a run needs validation data', description: 'share of the data held out for validation',
    finetune: { tasks: 'both', classify: 0.2 },
  },
  evalEvery: { type: 'int', default: 250, range: nonNegative, description: 'evaluate every N steps, 0 = only at the end', changeableOnResume: true, finetune: { tasks: 'both', classify: 'once per epoch' } },
  evalBatches: { type: 'int', default: 20, range: positive, description: 'validation batches per evaluation', finetune: { tasks: 'lm' } },
  checkpointEvery: {
    type: 'int', default: 250, range: nonNegative, description: 'checkpoint every N steps, 0 = only at the end', changeableOnResume: true,
    finetune: { tasks: 'both', classify: 'once per epoch' },
  },
  seed: { type: 'int', default: 1337, range: { min: 0, below: 2 ** 32 }, description: 'random seed: same seed, same losses', finetune: BOTH },
  queueSize: { type: 'int', default: 256, range: { min: 0, max: 65536 }, description: '--objective contrastive: negatives kept from earlier batches, made by a momentum encoder (0 = in-batch negatives only)', finetune: { tasks: 'lm' } },
  momentum: { type: 'float', default: 0.995, range: probability, description: '--objective contrastive: EMA rate of the momentum encoder that fills the queue', finetune: { tasks: 'lm' } },
};

/** `finetune --task classify` only: passes over the training data, when --steps is not given. */
export const EPOCHS_FLAG: FlagSpec<number> = { type: 'float', default: 3, range: nonNegative, description: 'passes over the training data, when --steps is not given' };

export type HyperparamKey = keyof RunHyperparams;
export const HYPERPARAM_KEYS = Object.keys(HYPERPARAM_FLAGS) as HyperparamKey[];

/** The flag that sets a field, as the user types it: `minLr` → `--min-lr`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** 2^32 reads better than 4294967296 in a message. */
function bound(v: number): string {
  const log = Math.log2(v);
  return v >= 2 ** 16 && Number.isInteger(log) ? `2^${log}` : String(v);
}

/** What a value must be, in words: "a positive integer", "in [0, 1)", … */
export function rangeText(type: 'int' | 'float', r: NumberRange): string {
  const lo = r.min ?? r.above;
  const hi = r.max ?? r.below;
  if (lo !== undefined && hi !== undefined) {
    const interval = `${r.min !== undefined ? '[' : '('}${bound(lo)}, ${bound(hi)}${r.max !== undefined ? ']' : ')'}`;
    return type === 'int' ? `an integer in ${interval}` : `in ${interval}`;
  }
  if (type === 'int') {
    if (r.min === 1) return 'a positive integer';
    if (r.min === 0) return 'a non-negative integer';
    if (r.min !== undefined) return `an integer of at least ${r.min}`;
    return 'an integer';
  }
  if (r.min === 0) return 'a non-negative number';
  if (r.min !== undefined) return `a number of at least ${r.min}`;
  if (r.above !== undefined) return `a number above ${r.above}`;
  return 'a number';
}

/** Whether a number is within its flag's type and range. */
export function inRange(type: 'int' | 'float', r: NumberRange, v: unknown): boolean {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  if (type === 'int' && !Number.isInteger(v)) return false;
  return (r.min === undefined || v >= r.min) && (r.above === undefined || v > r.above) && (r.max === undefined || v <= r.max) && (r.below === undefined || v < r.below);
}

/** The message for a value out of its flag's range, or undefined when it is fine. */
export function rangeProblem(key: string, spec: FlagSpec<number>, value: unknown): string | undefined {
  if (spec.type !== 'int' && spec.type !== 'float') return undefined;
  if (inRange(spec.type, spec.range, value)) return undefined;
  return `${flagName(key)} must be ${rangeText(spec.type, spec.range)}${spec.why ?? ''}, got ${value}`;
}

/** A classification run's default for `key`: the table's number, where it gives one, else pretraining's. */
export function classifyDefault(key: HyperparamKey): number {
  const flag = HYPERPARAM_FLAGS[key] as FlagSpec<number>;
  const classify = flag.finetune?.classify;
  return typeof classify === 'number' ? classify : flag.default;
}
