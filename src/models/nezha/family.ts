/**
 * NEZHA as a family: BERT's encoder with functional relative positions instead of a position
 * table, BERT's heads and WordPiece tokenizer, pretrained as a masked LM. Its folders load in
 * transformers 4.x (`NezhaForMaskedLM`); v5 dropped the class.
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { NezhaConfig } from '../configs';
import { ONNX_MODEL } from '../../modelfile/layout';
import { buildNezhaForMaskedLM, buildNezhaForSequenceClassification } from './model';
import { exportNezhaOnnx, NEZHA_CLASSIFIER } from './export-onnx';

/** HF NezhaConfig's default clipping distance, kept below the context for short models. */
const DEFAULT_MAX_RELATIVE_POSITION = 64;

export const NEZHA: FamilySpec = {
  modelType: 'nezha',
  displayName: 'NEZHA',
  description: 'Encoder (NEZHA): BERT with relative positions; fills in [MASK]s and classifies; masked language modelling',
  kind: 'encoder',
  defaultObjective: 'mlm',
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildNezhaForMaskedLM(g, params, configOf(config, 'nezha'), inputs, options).logits,
  },
  tokenizer: { defaultKind: 'wordpiece', family: 'bert' },
  tasks: { generate: false, fillMask: true, text2text: false, classify: true, promptClassify: true },
  attention: ['self'],
  configFields: {
    layers: 'num_hidden_layers', heads: 'num_attention_heads', width: 'hidden_size',
    context: 'max_position_embeddings', vocabSize: 'vocab_size',
  } satisfies ConfigFieldNames<NezhaConfig>,
  pretrainingArchitecture: 'NezhaForMaskedLM',
  newConfigFields: ({ layers, heads, dim, context, dropout, tokenIds: ids = {} }) => ({
    model_type: 'nezha',
    num_hidden_layers: layers,
    num_attention_heads: heads,
    hidden_size: dim,
    intermediate_size: 4 * dim,
    max_position_embeddings: context,
    // Distances beyond the context never occur, so a short model clips at its context.
    max_relative_position: Math.min(DEFAULT_MAX_RELATIVE_POSITION, context),
    hidden_dropout_prob: dropout,
    attention_probs_dropout_prob: dropout,
    pad_token_id: ids.pad ?? 0,
    bos_token_id: ids.bos,
    eos_token_id: ids.eos,
  }),
  onnxFiles: [ONNX_MODEL],
  exportOnnx: (config, weights) => ({ [ONNX_MODEL]: exportNezhaOnnx(configOf(config, 'nezha'), weights) }),
  classifier: {
    architecture: NEZHA_CLASSIFIER,
    headPrefix: 'classifier.',
    build: (g, params, config, inputs, dropout) => buildNezhaForSequenceClassification(g, params, configOf(config, 'nezha'), inputs, { dropout }).logits,
    exportOnnx: (config, weights) => exportNezhaOnnx(configOf(config, 'nezha'), weights, true),
  },
};
