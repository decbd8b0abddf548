/**
 * NEZHA as a family: BERT's encoder with functional relative positions instead of a position
 * table, BERT's heads and WordPiece tokenizer, pretrained as a masked LM. Its folders load in
 * transformers 4.x (`NezhaForMaskedLM`); v5 dropped the class.
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { NezhaConfig } from '../configs';
import { BERT_CONFIG_FIELDS, bertStyleConfigFields, MASKED_LM_ENCODER } from '../encoder-family';
import { ONNX_MODEL } from '../../modelfile/layout';
import { buildNezhaForMaskedLM, buildNezhaForSequenceClassification } from './model';
import { exportNezhaOnnx, NEZHA_CLASSIFIER } from './export-onnx';

/** HF NezhaConfig's default clipping distance, kept below the context for short models. */
const DEFAULT_MAX_RELATIVE_POSITION = 64;

export const NEZHA: FamilySpec = {
  modelType: 'nezha',
  displayName: 'NEZHA',
  description: 'Encoder (NEZHA): BERT with relative positions; fills in [MASK]s and classifies; masked language modelling',
  ...MASKED_LM_ENCODER,
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildNezhaForMaskedLM(g, params, configOf(config, 'nezha'), inputs, options).logits,
  },
  configFields: BERT_CONFIG_FIELDS satisfies ConfigFieldNames<NezhaConfig>,
  pretrainingArchitecture: 'NezhaForMaskedLM',
  newConfigFields: (options) => ({
    model_type: 'nezha',
    ...bertStyleConfigFields(options),
    // Distances beyond the context never occur, so a short model clips at its context.
    max_relative_position: Math.min(DEFAULT_MAX_RELATIVE_POSITION, options.context),
    bos_token_id: options.tokenIds?.bos,
    eos_token_id: options.tokenIds?.eos,
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
