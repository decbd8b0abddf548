/**
 * ALBERT as a family: an encoder with factorised embeddings and layers shared across depth,
 * pretrained as ALBERT is (n-gram masked LM plus sentence-order prediction on segment pairs) or
 * as a plain masked LM, with BERT's WordPiece tokenizer and specials ([CLS] [SEP] [MASK]); it
 * fills masks and classifies. Its folders are AlbertForPreTraining (the MLM and SOP heads).
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { AlbertConfig } from '../configs';
import { ONNX_MODEL } from '../../modelfile/layout';
import { buildAlbertForMaskedLM, buildAlbertForPreTraining, buildAlbertForSequenceClassification } from './model';
import { ALBERT_CLASSIFIER, exportAlbertOnnx } from './export-onnx';
import { bertOfSameWidthAndDepth } from './size-comparison';

/** ALBERT's embedding width for a model `dim` wide: smaller than the width (factorised), 128 at most as in ALBERT-base…xxlarge. */
export function albertEmbeddingSize(dim: number): number {
  return Math.max(1, Math.min(128, Math.floor(dim / 4)));
}

export const ALBERT: FamilySpec = {
  modelType: 'albert',
  displayName: 'ALBERT',
  description: 'Encoder (ALBERT): BERT with factorised embeddings and one layer shared across depth; fills in [MASK]s and classifies',
  kind: 'encoder',
  defaultObjective: 'mlm+sop',
  pretrain: {
    'mlm+sop': (g, params, config, inputs, options) => buildAlbertForPreTraining(g, params, configOf(config, 'albert'), inputs, options),
    mlm: (g, params, config, inputs, options) => buildAlbertForMaskedLM(g, params, configOf(config, 'albert'), inputs, options).logits,
  },
  tokenizer: { defaultKind: 'wordpiece', family: 'bert' },
  tasks: { generate: false, fillMask: true, text2text: false, classify: true, promptClassify: true },
  attention: ['self'],
  configFields: {
    layers: 'num_hidden_layers', heads: 'num_attention_heads', width: 'hidden_size',
    context: 'max_position_embeddings', vocabSize: 'vocab_size',
  } satisfies ConfigFieldNames<AlbertConfig>,
  pretrainingArchitecture: 'AlbertForPreTraining',
  newConfigFields: ({ layers, heads, dim, context, dropout, tokenIds: ids = {} }) => ({
    model_type: 'albert',
    embedding_size: albertEmbeddingSize(dim),
    num_hidden_layers: layers,
    num_hidden_groups: 1,
    inner_group_num: 1,
    num_attention_heads: heads,
    hidden_size: dim,
    intermediate_size: 4 * dim,
    max_position_embeddings: context,
    hidden_dropout_prob: dropout,
    attention_probs_dropout_prob: dropout,
    pad_token_id: ids.pad ?? 0,
    bos_token_id: ids.bos,
    eos_token_id: ids.eos,
  }),
  onnxFiles: [ONNX_MODEL],
  exportOnnx: (config, weights) => ({ [ONNX_MODEL]: exportAlbertOnnx(configOf(config, 'albert'), weights) }),
  classifier: {
    architecture: ALBERT_CLASSIFIER,
    headPrefix: 'classifier.',
    build: (g, params, config, inputs, dropout) => buildAlbertForSequenceClassification(g, params, configOf(config, 'albert'), inputs, { dropout }).logits,
    exportOnnx: (config, weights) => exportAlbertOnnx(configOf(config, 'albert'), weights, true),
  },
  sizeComparison: (config) => bertOfSameWidthAndDepth(configOf(config, 'albert')),
};
