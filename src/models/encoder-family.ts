/**
 * What the BERT-style encoder families (BERT, ALBERT, NEZHA, ELECTRA, RoBERTa) share in their
 * FamilySpecs: the encoder's kind, tasks and attention, BERT's config field names, the
 * config fields that a new model of any of them starts from, and the ONNX export and sequence
 * classifier of those whose exporter writes either head.
 */
import { ONNX_MODEL } from '../modelfile/layout';
import { configOf, type ArchitectureOptions, type ConfigFieldNames, type FamilySpec } from './family';
import type { ModelConfig, ModelType } from './configs';
import type { BertBuildOptions, BertInputs, BertOutputs } from './bert/model';
import type { GraphBuilder } from '../graph';
import type { ParamSource, Weights } from '../nn/params';

/** An encoder pretrained as a masked LM, with BERT's WordPiece tokenizer, that fills masks and classifies. */
export const MASKED_LM_ENCODER = {
  kind: 'encoder',
  defaultObjective: 'mlm',
  tokenizer: { defaultKind: 'wordpiece', family: 'bert' },
  tasks: { generate: false, fillMask: true, text2text: false, classify: true, promptClassify: true },
  attention: ['self'],
} as const satisfies Partial<FamilySpec>;

/** The HF config.json fields that hold a BERT-style encoder's sizes. */
export const BERT_CONFIG_FIELDS = {
  layers: 'num_hidden_layers', heads: 'num_attention_heads', width: 'hidden_size',
  context: 'max_position_embeddings', vocabSize: 'vocab_size',
} as const satisfies ConfigFieldNames;

/**
 * The config fields of a new BERT-style encoder: its sizes, a 4·dim MLP, one dropout rate, and
 * the tokenizer's pad id (0, BERT's, when it has none).
 */
export function bertStyleConfigFields({ layers, heads, dim, context, dropout, tokenIds: ids = {} }: ArchitectureOptions) {
  return {
    num_hidden_layers: layers,
    num_attention_heads: heads,
    hidden_size: dim,
    intermediate_size: 4 * dim,
    max_position_embeddings: context,
    hidden_dropout_prob: dropout,
    attention_probs_dropout_prob: dropout,
    pad_token_id: ids.pad ?? 0,
  };
}

/** The tokenizer's bos and eos ids, for the families whose config records them (absent: HF's default). */
export function bosEosConfigFields({ tokenIds: ids = {} }: ArchitectureOptions) {
  return { bos_token_id: ids.bos, eos_token_id: ids.eos };
}

/** One family's config type. */
type ConfigOfType<T extends ModelType> = Extract<ModelConfig, { model_type: T }>;

/**
 * The onnx/model.onnx export and the sequence classifier (head `classifier.`) of an encoder whose
 * exporter writes the head its config names, or the classifier when asked (ALBERT, NEZHA, RoBERTa).
 */
export function encoderExports<T extends ModelType>(
  modelType: T,
  exportModel: (config: ConfigOfType<T>, weights: Weights, classifier?: boolean) => Uint8Array,
  classifier: {
    architecture: string;
    build: (g: GraphBuilder, params: ParamSource, config: ConfigOfType<T>, inputs: BertInputs, options: BertBuildOptions) => BertOutputs;
  },
): Pick<FamilySpec, 'onnxFiles' | 'exportOnnx' | 'classifier'> {
  return {
    onnxFiles: [ONNX_MODEL],
    exportOnnx: (config, weights) => ({ [ONNX_MODEL]: exportModel(configOf(config, modelType), weights) }),
    classifier: {
      architecture: classifier.architecture,
      headPrefix: 'classifier.',
      build: (g, params, config, inputs, dropout) => classifier.build(g, params, configOf(config, modelType), inputs, { dropout }).logits,
      exportOnnx: (config, weights) => exportModel(configOf(config, modelType), weights, true),
    },
  };
}
