/**
 * What differs between model families during pretraining, in one small table: the default
 * tokenizer, the objective, the forward pass for the step graph and the batch source. The
 * training loop, checkpoints and jobs only talk to this table, so a family plugs in by filling
 * its entry: GPT-2/causal LM (forward-clm.ts), BERT/masked LM (forward-mlm.ts), T5/span
 * corruption (forward-span.ts).
 */
import { InputError } from '../util/errors';
import type { Batch, BatchSource } from '../data/batch';
import { CausalLmBatches } from '../data/batch-causal';
import { MaskedLmBatches } from '../data/batch-masked';
import { SpanCorruptionBatches } from '../data/batch-t5';
import type { TensorData } from '../graph';
import type { ModelConfig, ModelType } from '../models/configs';
import type { ModelFamily, Tokenizer, TokenizerKind } from '../tokenizer';
import { causalLmForward } from './forward-clm';
import { maskedLmForward } from './forward-mlm';
import { spanCorruptionForward } from './forward-span';
import type { ForwardBuilder } from './step-graph';

/** Objectives as the CLI names them (`--objective`). */
export const OBJECTIVES = ['clm', 'mlm', 'span'] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];

/** Static sizes of one micro-batch: what a step graph is built for. */
export interface BatchShape {
  batch: number;
  /** T: tokens per row (the encoder's, for encoder-decoders). */
  context: number;
  /** Tdec: decoder tokens per row, for encoder-decoders. */
  decoderLength?: number;
}

export interface BatchOptions {
  batchSize: number;
  context: number;
  seed: number;
}

export interface TrainFamily {
  modelType: ModelType;
  objective: ObjectiveName;
  /** Tokenizer trained for a new model unless `--tokenizer` says otherwise. */
  defaultTokenizer: TokenizerKind;
  /** Whose special tokens and template the tokenizer follows. */
  tokenizerFamily: ModelFamily;
  batches(documents: readonly ArrayLike<number>[], tokenizer: Tokenizer, options: BatchOptions): BatchSource;
  /** The forward pass and loss at `shape`, declaring inputs named as `batchFeeds` names them. */
  forward: (config: ModelConfig, shape: BatchShape) => ForwardBuilder;
}

const FAMILIES: Record<ModelType, TrainFamily> = {
  gpt2: {
    modelType: 'gpt2',
    objective: 'clm',
    defaultTokenizer: 'bpe',
    tokenizerFamily: 'gpt2',
    batches: (docs, tok, o) => new CausalLmBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed }),
    forward: (config, shape) => {
      if (config.model_type !== 'gpt2') throw new Error(`gpt2 forward given a ${config.model_type} config`);
      return causalLmForward(config, shape.batch, shape.context);
    },
  },
  bert: {
    modelType: 'bert',
    objective: 'mlm',
    defaultTokenizer: 'wordpiece',
    tokenizerFamily: 'bert',
    batches: (docs, tok, o) => new MaskedLmBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed }),
    forward: (config, shape) => {
      if (config.model_type !== 'bert') throw new Error(`bert forward given a ${config.model_type} config`);
      return maskedLmForward(config, shape.batch, shape.context);
    },
  },
  t5: {
    modelType: 't5',
    objective: 'span',
    defaultTokenizer: 'bpe',
    tokenizerFamily: 't5',
    batches: (docs, tok, o) => new SpanCorruptionBatches(docs, tok, { batchSize: o.batchSize, encoderLength: o.context, seed: o.seed }),
    forward: (config, shape) => {
      if (config.model_type !== 't5') throw new Error(`t5 forward given a ${config.model_type} config`);
      if (shape.decoderLength === undefined) throw new Error('span corruption needs the decoder length of its batches');
      return spanCorruptionForward(config, shape.batch, shape.context, shape.decoderLength);
    },
  },
};

/** The family entry for `arch`, checked to pretrain with `objective`. */
export function trainFamily(arch: ModelType, objective?: ObjectiveName): TrainFamily {
  const family = FAMILIES[arch];
  if (!family) throw new InputError(`--arch ${arch} is not a model type Pretrain Lab can pretrain (gpt2, bert, t5)`);
  if (objective !== undefined && objective !== family.objective) {
    throw new InputError(`--objective ${objective} does not fit --arch ${arch}: ${arch} pretrains with --objective ${family.objective}`);
  }
  return family;
}

/** The micro-batch shape a batch source produces. */
export function batchShapeOf(source: BatchSource, options: BatchOptions): BatchShape {
  const decoderLength = (source as { decoderLength?: number }).decoderLength;
  return { batch: options.batchSize, context: options.context, ...(decoderLength !== undefined ? { decoderLength } : {}) };
}

/** Graph input names of the Batch fields; every forward builder declares its inputs by these. */
const FEED_NAMES: Record<keyof Batch, string> = {
  inputIds: 'input_ids',
  labels: 'labels',
  attentionMask: 'attention_mask',
  decoderInputIds: 'decoder_input_ids',
};

/** The feeds of a batch for a graph whose batch inputs are `wanted` (others are left out). */
export function batchFeeds(batch: Batch, wanted: readonly string[]): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const [field, name] of Object.entries(FEED_NAMES) as [keyof Batch, string][]) {
    const tensor = batch[field];
    if (tensor && wanted.includes(name)) feeds[name] = { dtype: 'int32', shape: [...tensor.shape], data: tensor.data };
  }
  const missing = wanted.filter((n) => !(n in feeds));
  if (missing.length > 0) throw new Error(`the batch has no data for graph input(s) ${missing.join(', ')}`);
  return feeds;
}
