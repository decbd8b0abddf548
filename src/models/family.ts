/**
 * What a model family is to the rest of Pretrain Lab: the one description that training,
 * inference, attention, the views and the CLI consult instead of testing `model_type`. Each
 * family's folder (src/models/gpt2/, bert/, t5/, …) exports one FamilySpec; registry.ts lists
 * them. Adding a family is its folder plus one registry entry.
 */
import type { GraphBuilder, Value } from '../graph';
import type { Dropout } from '../nn/dropout';
import type { ParamSource, Weights } from '../nn/params';
import type { ModelFamily, TokenizerKind } from '../tokenizer';
import type { ModelConfig, ModelType } from './configs';

/** decoder: GPT-style, left to right; encoder: BERT-style, bidirectional; encoder-decoder: T5-style. */
export type ModelKind = 'decoder' | 'encoder' | 'encoder-decoder';

/** The Transformer's three attentions (DESIGN.md): bidirectional self, masked (causal) self, cross. */
export type AttentionKind = 'self' | 'causal' | 'cross';

/** Pretraining objectives as the CLI names them (`--objective`). */
export const OBJECTIVES = ['clm', 'mlm', 'span'] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];

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
  tokenIds?: { pad?: number; bos?: number; eos?: number };
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
}

/** A family's sequence classifier, as its HF `…ForSequenceClassification` class defines it. */
export interface ClassifierSpec {
  /** The class config.json's `architectures` names. */
  architecture: string;
  /** Name prefix of the head's parameters: a head trained for other labels starts afresh. */
  headPrefix: string;
  /** input_ids and attention_mask (B, T) → label scores (B, L). */
  build(g: GraphBuilder, params: ParamSource, config: ModelConfig, inputs: { inputIds: Value; attentionMask: Value }, dropout: Dropout): Value;
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
  /** Maps the tensor names of HF checkpoints saved by other classes onto ours (identity when absent). */
  normalizeWeightNames?<T>(weights: Map<string, T>): Map<string, T>;
}

/** The config narrowed to one family's type; a family's code calls this on the configs it is given. */
export function configOf<T extends ModelType>(config: ModelConfig, modelType: T): Extract<ModelConfig, { model_type: T }> {
  if (config.model_type !== modelType) throw new Error(`${modelType} model code given a ${config.model_type} config`);
  return config as Extract<ModelConfig, { model_type: T }>;
}
