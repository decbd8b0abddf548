/**
 * NEZHA as a family: BERT's encoder with functional relative positions instead of a position
 * table, BERT's heads and WordPiece tokenizer, pretrained as a masked LM. Its folders load in
 * transformers 4.x (`NezhaForMaskedLM`); v5 dropped the class.
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import { NEZHA_DEFAULTS, type NezhaConfig } from '../configs';
import { BERT_CONFIG_FIELDS, bertStyleConfigFields, bosEosConfigFields, encoderExports, MASKED_LM_ENCODER } from '../encoder-family';
import { buildNezhaForMaskedLM, buildNezhaForSequenceClassification, NEZHA_VARIANT } from './model';
import { bertEncoder } from '../bert/model';
import { exportNezhaOnnx, NEZHA_CLASSIFIER } from './export-onnx';
import { bertStylePublishedNames } from '../published-names';

export const NEZHA: FamilySpec = {
  modelType: 'nezha',
  displayName: 'NEZHA',
  description: 'Encoder (NEZHA): BERT with relative positions; fills in [MASK]s and classifies; masked language modelling',
  ...MASKED_LM_ENCODER,
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildNezhaForMaskedLM(g, params, configOf(config, 'nezha'), inputs, options).logits,
  },
  hiddenStates: (g, params, config, inputs, options) => bertEncoder(g, params, configOf(config, 'nezha'), inputs, options, NEZHA_VARIANT).hidden,
  configFields: BERT_CONFIG_FIELDS satisfies ConfigFieldNames<NezhaConfig>,
  pretrainingArchitecture: 'NezhaForMaskedLM',
  newConfigFields: (options) => ({
    model_type: 'nezha',
    ...bertStyleConfigFields(options),
    // HF's default clipping distance; distances beyond the context never occur, so a short model clips at its context.
    max_relative_position: Math.min(NEZHA_DEFAULTS.max_relative_position, options.context),
    ...bosEosConfigFields(options),
  }),
  ...encoderExports('nezha', exportNezhaOnnx, { architecture: NEZHA_CLASSIFIER, build: buildNezhaForSequenceClassification }),
  publishedNames: bertStylePublishedNames('nezha'),
};
