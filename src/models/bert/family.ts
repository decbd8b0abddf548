/** BERT as a family: an encoder, pretrained as a masked LM, that fills masks and classifies. */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { BertConfig } from '../configs';
import { BERT_CONFIG_FIELDS, bertStyleConfigFields, MASKED_LM_ENCODER } from '../encoder-family';
import { bertEncoder, buildBertForMaskedLM, buildBertForSequenceClassification } from './model';
import { exportBertOnnx } from './export-onnx';
import { buildBertWithSpanBoundary } from './span-boundary';
import { buildBertWithPairMatch } from './pair-match';
import { translationLmInputs } from '../translation-lm-inputs';
import { ONNX_MODEL } from '../../modelfile/layout';
import { bertStylePublishedNames } from '../published-names';

export const BERT: FamilySpec = {
  modelType: 'bert',
  displayName: 'BERT',
  description: 'Encoder (BERT): fills in [MASK]s and classifies; masked language modelling',
  ...MASKED_LM_ENCODER,
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildBertForMaskedLM(g, params, configOf(config, 'bert'), inputs, options).logits,
    'span-sbo': (g, params, config, inputs, options) => buildBertWithSpanBoundary(g, params, configOf(config, 'bert'), inputs, options),
    tlm: (g, params, config, inputs, options) => buildBertForMaskedLM(g, params, configOf(config, 'bert'), translationLmInputs(g, configOf(config, 'bert'), inputs), options).logits,
    'tlm+match': (g, params, config, inputs, options) => buildBertWithPairMatch(g, params, configOf(config, 'bert'), inputs, options),
  },
  hiddenStates: (g, params, config, inputs, options) => bertEncoder(g, params, configOf(config, 'bert'), inputs, options).hidden,
  configFields: BERT_CONFIG_FIELDS satisfies ConfigFieldNames<BertConfig>,
  pretrainingArchitecture: 'BertForMaskedLM',
  newConfigFields: (options) => ({ model_type: 'bert', ...bertStyleConfigFields(options) }),
  onnxFiles: [ONNX_MODEL],
  exportOnnx: (config, weights) => ({ [ONNX_MODEL]: exportBertOnnx(configOf(config, 'bert'), weights) }),
  classifier: {
    architecture: 'BertForSequenceClassification',
    headPrefix: 'classifier.',
    build: (g, params, config, inputs, dropout) => buildBertForSequenceClassification(g, params, configOf(config, 'bert'), inputs, { dropout }).logits,
    exportOnnx: (config, weights) => exportBertOnnx(configOf(config, 'bert'), weights, 'sequence-classification'),
  },
  publishedNames: bertStylePublishedNames('bert'),
};
