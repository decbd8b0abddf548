/**
 * What a model family is to the rest of Pretrain Lab: the one description that training,
 * inference, attention, the views and the CLI consult instead of testing `model_type`. Each
 * family's folder (src/models/gpt2/, bert/, t5/, …) exports one FamilySpec; registry.ts lists
 * them. Adding a family is its folder plus one registry entry.
 */
import type { GraphBuilder, TensorData, Value } from '../graph';
import type { Dropout } from '../nn/dropout';
import type { ParamSource, Weights } from '../nn/params';
import type { ModelFamily, TokenizerKind } from '../tokenizer';
import type { ModelConfig, ModelType } from './configs';
import type { ObjectiveName } from './objectives';

/** decoder: GPT-style, left to right; encoder: BERT-style, bidirectional; encoder-decoder: T5-style. */
export type ModelKind = 'decoder' | 'encoder' | 'encoder-decoder';

/** The Transformer's three attentions (DESIGN.md): bidirectional self, masked (causal) self, cross. */
export type AttentionKind = 'self' | 'causal' | 'cross';

export { OBJECTIVES, type ObjectiveName } from './objectives';

/** Where a config built from ArchitectureOptions comes from, for ConfigError messages. */
export const ARCHITECTURE_OPTIONS = 'architecture options';

/** A new model's sizes as the command line gives them (`--arch --layers --heads --dim --context --vocab-size --dropout`). */
export interface ArchitectureOptions {
  arch: ModelType;
  vocabSize: number;
  layers: number;
  heads: number;
  /** Width of the residual stream. */
  dim: number;
  /** Longest input in tokens: the position table of GPT-2 and BERT. */
  context: number;
  /** One rate for every dropout of the model; HF's default (0.1) when absent. */
  dropout?: number;
  /** Ids the tokenizer gave its special tokens; absent ones keep the HF default (or none). */
  tokenIds?: { pad?: number; bos?: number; eos?: number; unk?: number; mask?: number };
  /** ELECTRA: the generator's width (`--generator-dim`); the family's default when absent. */
  generatorDim?: number;
  /**
   * Sides a row of the objective has (2 for the translation LM's [code ; text]): a family whose
   * default has fewer segment or language rows (RoBERTa's type_vocab_size 1) makes room for them.
   */
  segments?: number;
}

/** What a folder of the family can be asked to do (CLI commands, prompt playground, finetune tasks). */
export interface FamilyTasks {
  /** Text generation (`generate`): a decoder with a KV-cache graph. */
  generate: boolean;
  /** Fill-mask: a masked-LM head. */
  fillMask: boolean;
  /** Text to text (`generate` on an encoder-decoder). */
  text2text: boolean;
  /** A sequence-classification head can be finetuned and run (`finetune --task classify`, `classify`). */
  classify: boolean;
  /** Zero-shot classification by a prompt template and verbalizer (`classify --template`). */
  promptClassify: boolean;
}

/** A task a family may refuse for one of its folders: its FamilyTasks, and continued pretraining from the folder (`--from`, `finetune --task lm`). */
export type RefusableTask = keyof FamilyTasks | 'continuePretraining';

/** The summary fields (Models view, info) and the HF config.json field that holds each, for one family. */
export type SizeField = 'layers' | 'decoderLayers' | 'heads' | 'width' | 'context' | 'vocabSize';
/** Checked per family against its config type: `{…} satisfies ConfigFieldNames<Gpt2Config>`. */
export type ConfigFieldNames<C = Record<string, unknown>> = Partial<Record<SizeField, keyof C & string>>;

/** Graph inputs of the family's language-model graphs, as (B, T) int32/int64 values. */
export interface LmInputs {
  inputIds: Value;
  /** 1 = real token; encoders and encoder-decoders take it. */
  attentionMask?: Value;
  /** Encoder-decoders: the decoder's input (targets shifted right). */
  decoderInputIds?: Value;
  /** (B, T) segment ids (BERT-style token types; the translation LM's side of a [code ; text] row for bert/roberta). */
  tokenTypeIds?: Value;
  /** (B, T) explicit position ids where they do not simply count from the start (the translation LM restarts them on each side). */
  positionIds?: Value;
  /** (B, T) XLM's language id of each token (`langs`). */
  langs?: Value;
  /** (B, T, 4) LayoutLM's token boxes (x0, y0, x1, y1) in 0…1000. */
  bbox?: Value;
}

/**
 * Builds the encoder's last hidden states (B, T, C) without any head, parameters named as the
 * folder's HF class names them: what pooled embeddings (contrastive training, semantic search)
 * are made of.
 */
export type HiddenStatesGraph = (g: GraphBuilder, params: ParamSource, config: ModelConfig, inputs: LmInputs, options: GraphOptions) => Value;

/** One encoded text as inference commands hold it, for families whose graphs take more than ids and masks. */
export interface EncodedText {
  /** Ids with the special tokens added, as fed. */
  ids: readonly number[];
  /** Each id's token string, as the tokenizer's vocabulary spells it. */
  tokens: readonly string[];
}

export interface GraphOptions {
  dropout?: Dropout;
  dtype?: 'float32' | 'float64';
}

/** Builds a family's language-model logits (B, T, V) on `g`, its parameters named as HF names them. */
export type LmGraph = (g: GraphBuilder, params: ParamSource, config: ModelConfig, inputs: LmInputs, options: GraphOptions) => Value;

/** The family's head for one pretraining objective. */
export interface PretrainGraphs {
  /** clm: next-token logits of a decoder. */
  clm?: LmGraph;
  /** mlm: masked-LM logits of an encoder. */
  mlm?: LmGraph;
  /** span: decoder logits of an encoder-decoder over corrupted input. */
  span?: LmGraph;
  /** rtd: replaced-token scores (B, T) of ELECTRA's discriminator (the step loss also trains its generator: src/train/forward-rtd.ts). */
  rtd?: LmGraph;
  /** span-sbo: SpanBERT's masked-LM logits and span-boundary logits over span-masked input (src/train/forward-sbo.ts). */
  'span-sbo'?: SpanBoundaryGraph;
  /** mlm+sop: ALBERT's masked-LM logits and sentence-order logits over segment pairs (src/train/forward-sop.ts). */
  'mlm+sop'?: SentenceOrderGraph;
  /**
   * tlm: masked-LM logits over translation-LM rows `[code ; text]` (src/data/batch-tlm.ts) with
   * tokenTypeIds and langs (0 = code side, 1 = text side) and positionIds counted from 0 at each
   * side's first token; a family whose position table starts elsewhere (RoBERTa: after the pad
   * id) shifts them, one with a single segment or language row ignores the side ids.
   */
  tlm?: LmGraph;
  /** tlm+match: the translation LM's logits and Unicoder's pair-match logits (B, 2) from a pooled head under TRAINING_HEAD_PREFIX (src/train/forward-tlm.ts). */
  'tlm+match'?: PairMatchGraph;
  /** contrastive has no head of its own: every family with `hiddenStates` trains it (src/train/forward-contrastive.ts). */
  contrastive?: undefined;
}

/** Builds masked-LM logits (B, T, V) and pair-match logits (B, 2: 0 = the text is another code's, 1 = it belongs to this code) over translation-LM rows. */
export type PairMatchGraph = (g: GraphBuilder, params: ParamSource, config: ModelConfig, inputs: LmInputs, options: GraphOptions) => { logits: Value; matchLogits: Value };

/** Builds masked-LM logits (B, T, V) and sentence-order logits (B, 2) over `[CLS] A [SEP] B [SEP]` rows with their segment ids. */
export type SentenceOrderGraph = (g: GraphBuilder, params: ParamSource, config: ModelConfig, inputs: LmInputs & { tokenTypeIds: Value }, options: GraphOptions) => { logits: Value; sentenceOrderLogits: Value };

/**
 * Name prefix of parameters that exist only while pretraining (SpanBERT's boundary head): kept in
 * the checkpoint under training/ for --resume, left out of the model folder, which stays the
 * family's plain HF class.
 */
export const TRAINING_HEAD_PREFIX = 'training_head.';

/** Builds masked-LM and span-boundary logits (both (B, T, V)); `masked` (B, T, 1 = masked) marks the spans. */
export type SpanBoundaryGraph = (g: GraphBuilder, params: ParamSource, config: ModelConfig, inputs: LmInputs & { masked: Value }, options: GraphOptions) => { logits: Value; boundaryLogits: Value };

/** One model folder a pretraining run's weights are saved as (ELECTRA: the discriminator, and its generator in generator/). */
export interface PretrainedFolder<T> {
  /** Relative to the run's folder: '' for the folder itself. */
  subdir: string;
  config: ModelConfig;
  /** Named as the folder's HF class names them. */
  weights: Map<string, T>;
}

/** The parameter count of another model for `info` to state next to a folder's own. */
export interface SizeComparison {
  /** What it is, for people: "a BERT of this width and depth". */
  name: string;
  parameters: number;
}

/** A family's sequence classifier, as its HF `…ForSequenceClassification` class defines it. */
export interface ClassifierSpec {
  /** The class config.json's `architectures` names. */
  architecture: string;
  /** Name prefix of the head's parameters: a head trained for other labels starts afresh. */
  headPrefix: string;
  /** input_ids and attention_mask (B, T) (and LayoutLM's bbox (B, T, 4)) → label scores (B, L). */
  build(g: GraphBuilder, params: ParamSource, config: ModelConfig, inputs: { inputIds: Value; attentionMask: Value; bbox?: Value }, dropout: Dropout): Value;
  /** The ONNX classification graph of a finetuned folder. */
  exportOnnx(config: ModelConfig, weights: Weights): Uint8Array;
}

export interface FamilySpec {
  modelType: ModelType;
  /** Name for people: "GPT-2". */
  displayName: string;
  /** One line for pickers: what it is and what it does. */
  description: string;
  kind: ModelKind;
  /** The objective `pretrain` uses unless `--objective` names another of `pretrain`'s keys. */
  defaultObjective: ObjectiveName;
  /** The family's logits graph per objective it can pretrain with. */
  pretrain: PretrainGraphs;
  tokenizer: {
    /** Tokenizer trained for a new model unless `--tokenizer` says otherwise. */
    defaultKind: TokenizerKind;
    /** Whose special tokens and template the tokenizer follows. */
    family: ModelFamily;
  };
  tasks: FamilyTasks;
  /** The attentions a report on this family shows. */
  attention: readonly AttentionKind[];
  /** HF config.json names of the summary fields (only those this family's config has). */
  configFields: ConfigFieldNames;
  /** The longest input, from config.json's fields, where it is not simply `configFields.context`'s value (RoBERTa). */
  contextOf?(config: Record<string, unknown>): number | undefined;
  /** The HF class name a pretrained folder lists in `architectures`. */
  pretrainingArchitecture: string;
  /**
   * The HF config fields of a new model with these sizes (model_type included); fields left
   * undefined get HF's defaults. A ConfigError names the flag at fault.
   */
  newConfigFields(options: ArchitectureOptions): Record<string, unknown>;
  /** Files the family's folders keep under onnx/, relative to the folder. */
  onnxFiles: readonly string[];
  /** The folder's onnx/ files for these weights, by path relative to the folder. */
  exportOnnx(config: ModelConfig, weights: Weights): Record<string, Uint8Array>;
  /** Present when a sequence-classification head can be finetuned (tasks.classify). */
  classifier?: ClassifierSpec;
  /**
   * The folders a pretraining run's weights are saved as, when not one folder holding all of
   * them under `config` (ELECTRA: its discriminator, and its generator in generator/).
   */
  pretrainedFolders?<T>(config: ModelConfig, weights: Map<string, T>): PretrainedFolder<T>[];
  /**
   * The sub-folders pretrainedFolders writes, with the name prefix their weights take in the
   * pretraining objective's graph (ELECTRA: generator/ under `generator.`), so that `eval` can
   * score a saved folder with that objective; `architecture` is the class the top folder must hold.
   */
  pretrainingSubfolders?: { architecture: string; folders: readonly { dir: string; prefix: string }[] };
  /**
   * Why a folder of this family cannot serve a task its family serves, in one line (ELECTRA's
   * discriminator has no masked-LM head: its generator/ has); undefined when it can.
   */
  refuseTask?(config: ModelConfig, task: RefusableTask, where: string): string | undefined;
  /** A model to weigh this family's folders against in `info` (ALBERT: a BERT of the same width and depth). */
  sizeComparison?(config: ModelConfig): SizeComparison;
  /** Encoders: the last hidden states, for pooled embeddings (contrastive objective, `search`). */
  hiddenStates?: HiddenStatesGraph;
  /**
   * Inputs the family's exported ONNX graphs take besides input_ids, attention_mask and
   * token_type_ids, made from one encoded text (LayoutLM: `bbox` computed from the text's
   * lines; XLM has none: src/models/xlm/export-onnx.ts says why). Every inference command adds
   * them to its feeds. Shape (1, T, …).
   */
  extraInputs?(config: ModelConfig, text: EncodedText): Record<string, TensorData>;
  /**
   * LayoutLM: its pretraining graphs read each token's box (LmInputs.bbox), so its training
   * batches carry `bbox` (src/data/batch-boxes.ts), made from the tokens as extraInputs makes them.
   */
  tokenBoxes?: boolean;
  /** Where each token of an encoded text lies in it (1-based line and column; undefined for special tokens), for attention reports (LayoutLM). */
  tokenPositions?(text: EncodedText): ({ line: number; column: number } | undefined)[];
  /** How the family's checkpoints are published under other classes' names (src/models/published-names.ts maps them onto ours); names are taken as they are when absent. */
  publishedNames?: PublishedNames;
}

/**
 * The names a family's checkpoints carry on the Hub besides ours: saved by the base class (no
 * prefix), by a pretraining class with extra heads, with tied copies stored or left out, with
 * buffers. Every family's folder may also use the legacy LayerNorm names `gamma`/`beta`.
 */
export interface PublishedNames {
  /** The base model's module in head classes (`bert`, `transformer`): base-class checkpoints store every name without it. */
  basePrefix?: string;
  /** First name segments of head modules, which never take the base prefix (`cls`, `lm_head`, `classifier`). */
  headModules?: readonly string[];
  /** Names of one tensor stored under another name as well (tied copies, HF's aliases): stored name → our name; the copy is dropped, or fills ours where ours is missing. */
  aliases?: Readonly<Record<string, string>>;
  /** An output layer tied to the word embeddings while config.json's tie_word_embeddings is true (HF then overwrites the layer with the embeddings): the same as an alias then, its own tensor otherwise. */
  tiedOutput?: { output: string; embeddings: string };
  /** Tensors no graph of ours reads and that change no output we compute (buffers, pretraining-only heads): dropped. */
  ignored?: readonly RegExp[];
}

/** The config narrowed to one family's type; a family's code calls this on the configs it is given. */
export function configOf<T extends ModelType>(config: ModelConfig, modelType: T): Extract<ModelConfig, { model_type: T }> {
  if (config.model_type !== modelType) throw new Error(`${modelType} model code given a ${config.model_type} config`);
  return config as Extract<ModelConfig, { model_type: T }>;
}
