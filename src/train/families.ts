/**
 * Pretraining as the training loop sees it: a family (src/models/registry.ts: its tokenizer and
 * its logits graph per objective) paired with an objective (here: its batch source and its
 * forward pass and loss, forward-clm.ts, forward-mlm.ts, forward-span.ts). The training loop,
 * checkpoints and jobs only talk to the TrainFamily this builds, so a new family needs no change
 * here, only its registry entry; a new objective adds one row to OBJECTIVE_RUNS.
 */
import { InputError } from '../util/errors';
import type { Batch, BatchSource } from '../data/batch';
import { CausalLmBatches } from '../data/batch-causal';
import { MaskedLmBatches } from '../data/batch-masked';
import type { MaskingStrategy } from '../data/masking';
import { SentenceOrderBatches } from '../data/batch-sop';
import { SpanCorruptionBatches } from '../data/batch-t5';
import { ReplacedTokenBatches } from '../data/batch-rtd';
import { TranslationLmBatches } from '../data/batch-tlm';
import type { TokenizedPair } from '../data/tokenized-pairs';
import { TokenBoxBatches } from '../data/batch-boxes';
import type { TensorData } from '../graph';
import type { ModelConfig, ModelType } from '../models/configs';
import type { FamilySpec, ObjectiveName } from '../models/family';
import { FAMILIES, familyFor, isModelType, objectivesOf, pretrainObjectivesOf, typeList } from '../models/registry';
import type { ModelFamily, Tokenizer, TokenizerKind } from '../tokenizer';
import { causalLmForward } from './forward-clm';
import { maskedLmForward } from './forward-mlm';
import { sentenceOrderForward } from './forward-sop';
import { spanBoundaryForward } from './forward-sbo';
import { spanCorruptionForward } from './forward-span';
import { replacedTokenForward } from './forward-rtd';
import { translationLmForward } from './forward-tlm';
import { contrastiveForward, type ContrastiveOptions } from './forward-contrastive';
import { ContrastivePairBatches } from './contrastive/pair-batches';
import type { ForwardBuilder } from './step/step-graph';

export { OBJECTIVES, type ObjectiveName } from '../models/family';

/** Static sizes of one micro-batch: what a step graph is built for. */
export interface BatchShape {
  batch: number;
  /** T: tokens per row (the encoder's, for encoder-decoders). */
  context: number;
  /** Tdec: decoder tokens per row, for encoder-decoders. */
  decoderLength?: number;
  /** --objective contrastive: the queue and momentum encoder (none: in-batch negatives only). */
  contrastive?: ContrastiveOptions;
}

export interface BatchOptions {
  batchSize: number;
  context: number;
  seed: number;
  /** Units the masked LM masks (--masking); tokens when absent. */
  masking?: MaskingStrategy;
  /** The split's mined (code, text) pairs, tokenized: given to objectives whose TrainFamily.needsPairs is set. */
  pairs?: readonly TokenizedPair[];
  /** --objective contrastive: the queue and momentum encoder. */
  contrastive?: ContrastiveOptions;
}

export interface TrainFamily {
  modelType: ModelType;
  objective: ObjectiveName;
  /** Tokenizer trained for a new model unless `--tokenizer` says otherwise. */
  defaultTokenizer: TokenizerKind;
  /** Whose special tokens and template the tokenizer follows. */
  tokenizerFamily: ModelFamily;
  batches(documents: readonly ArrayLike<number>[], tokenizer: Tokenizer, options: BatchOptions): BatchSource;
  /** The objective trains on (code, text) pairs: the run mines them (src/train/run/pair-data.ts) and passes each split's as BatchOptions.pairs. */
  needsPairs?: boolean;
  /** Sides of each row (2: the translation LM's code and text), for a new model's segment and language tables (ArchitectureOptions.segments). */
  segments?: number;
  /** The forward pass and loss at `shape`, declaring inputs named as `batchFeeds` names them. */
  forward: (config: ModelConfig, shape: BatchShape) => ForwardBuilder;
}

/** What each objective trains on and how its loss is built (the family supplies the logits). */
const OBJECTIVE_RUNS: Record<ObjectiveName, Pick<TrainFamily, 'batches' | 'forward' | 'needsPairs' | 'segments'>> = {
  clm: {
    batches: (docs, tok, o) => new CausalLmBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed }),
    forward: (config, shape) => causalLmForward(config, shape.batch, shape.context),
  },
  mlm: {
    batches: (docs, tok, o) => new MaskedLmBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed, strategy: o.masking }),
    forward: (config, shape) => maskedLmForward(config, shape.batch, shape.context),
  },
  // SpanBERT: geometric spans of whole words, and the span-boundary head beside the masked LM.
  'span-sbo': {
    batches: (docs, tok, o) => new MaskedLmBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed, strategy: 'span' }),
    forward: (config, shape) => spanBoundaryForward(config, shape.batch, shape.context),
  },
  // ALBERT: n-gram masking over segment pairs, and the sentence-order head beside the masked LM.
  'mlm+sop': {
    batches: (docs, tok, o) => new SentenceOrderBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed }),
    forward: (config, shape) => sentenceOrderForward(config, shape.batch, shape.context),
  },
  span: {
    batches: (docs, tok, o) => new SpanCorruptionBatches(docs, tok, { batchSize: o.batchSize, encoderLength: o.context, seed: o.seed }),
    forward: (config, shape) => {
      if (shape.decoderLength === undefined) throw new Error('span corruption needs the decoder length of its batches');
      return spanCorruptionForward(config, shape.batch, shape.context, shape.decoderLength);
    },
  },
  rtd: {
    batches: (docs, tok, o) => new ReplacedTokenBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed }),
    forward: (config, shape) => replacedTokenForward(config, shape.batch, shape.context),
  },
  // XLM's translation LM on code ↔ text pairs, half of each batch plain masked-LM rows of the corpus.
  tlm: {
    needsPairs: true,
    segments: 2,
    batches: (docs, tok, o) => new TranslationLmBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed, masking: o.masking, pairs: pairsOf(o) }),
    forward: (config, shape) => translationLmForward(config, shape.batch, shape.context, false),
  },
  // ... and Unicoder's pair match beside it: does this text belong to this code?
  'tlm+match': {
    needsPairs: true,
    segments: 2,
    batches: (docs, tok, o) => new TranslationLmBatches(docs, tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed, masking: o.masking, pairs: pairsOf(o), match: true }),
    forward: (config, shape) => translationLmForward(config, shape.batch, shape.context, true),
  },
  // CLIP/WenLan: one encoder embeds code and text; symmetric InfoNCE with a momentum queue of negatives.
  contrastive: {
    needsPairs: true,
    batches: (_docs, tok, o) => new ContrastivePairBatches(pairsOf(o), tok, { batchSize: o.batchSize, contextLength: o.context, seed: o.seed }),
    forward: (config, shape) => contrastiveForward(config, shape.batch, shape.context, shape.contrastive ?? { queueSize: 0, momentum: 0, seed: 0 }),
  },
};

/** The pairs a pair objective's batches need; the run supplies them (a missing set is a wiring error, not the user's). */
function pairsOf(options: BatchOptions): readonly TokenizedPair[] {
  if (!options.pairs) throw new Error('a pair objective was given no pairs: the run must mine them (TrainFamily.needsPairs)');
  return options.pairs;
}

/** The family entry for `arch`, checked to pretrain with `objective` (its default when absent). */
export function trainFamily(arch: ModelType, objective?: ObjectiveName): TrainFamily {
  if (!isModelType(arch)) throw new InputError(`--arch ${arch} is not a model type Pretrain Lab can pretrain (${typeList(FAMILIES)})`);
  const family: FamilySpec = familyFor(arch);
  const chosen = objective ?? family.defaultObjective;
  if (!pretrainObjectivesOf(family).includes(chosen)) {
    throw new InputError(`--objective ${chosen} does not fit --arch ${arch}: ${arch} pretrains with ${objectivesOf(family)}`);
  }
  const run = OBJECTIVE_RUNS[chosen];
  return {
    modelType: arch,
    objective: chosen,
    defaultTokenizer: family.tokenizer.defaultKind,
    tokenizerFamily: family.tokenizer.family,
    needsPairs: run.needsPairs,
    segments: run.segments,
    // LayoutLM: every row also carries its tokens' boxes.
    batches: family.tokenBoxes ? (docs, tok, o) => new TokenBoxBatches(run.batches(docs, tok, o), tok) : run.batches,
    forward: (config, shape) => {
      if (config.model_type !== arch) throw new Error(`${arch} forward given a ${config.model_type} config`);
      return run.forward(config, shape);
    },
  };
}

/** The micro-batch shape a batch source produces. */
export function batchShapeOf(source: BatchSource, options: BatchOptions): BatchShape {
  const decoderLength = (source as { decoderLength?: number }).decoderLength;
  return { batch: options.batchSize, context: options.context, ...(decoderLength !== undefined ? { decoderLength } : {}), ...(options.contrastive ? { contrastive: options.contrastive } : {}) };
}

/** Graph input names of the Batch fields; every forward builder declares its inputs by these. */
const FEED_NAMES: Record<Exclude<keyof Batch, 'gumbel'>, string> = {
  inputIds: 'input_ids',
  labels: 'labels',
  attentionMask: 'attention_mask',
  decoderInputIds: 'decoder_input_ids',
  tokenTypeIds: 'token_type_ids',
  sentenceOrderLabels: 'sentence_order_label',
  positionIds: 'position_ids',
  langs: 'langs',
  matchLabels: 'match_label',
  bbox: 'bbox',
};
/** The one float field: ELECTRA's Gumbel noise. */
const GUMBEL_FEED = 'gumbel';

/** The feeds of a batch for a graph whose batch inputs are `wanted` (others are left out). */
export function batchFeeds(batch: Batch, wanted: readonly string[]): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const [field, name] of Object.entries(FEED_NAMES) as [Exclude<keyof Batch, 'gumbel'>, string][]) {
    const tensor = batch[field];
    if (tensor && wanted.includes(name)) feeds[name] = { dtype: 'int32', shape: [...tensor.shape], data: tensor.data };
  }
  // Read once: ELECTRA's batches make their noise when it is read.
  const gumbel = wanted.includes(GUMBEL_FEED) ? batch.gumbel : undefined;
  if (gumbel) feeds[GUMBEL_FEED] = { dtype: 'float32', shape: [...gumbel.shape], data: gumbel.data };
  const missing = wanted.filter((n) => !(n in feeds));
  if (missing.length > 0) throw new Error(`the batch has no data for graph input(s) ${missing.join(', ')}`);
  return feeds;
}
