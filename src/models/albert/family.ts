/**
 * ALBERT as a family: an encoder with factorised embeddings and layers shared across depth,
 * pretrained as ALBERT is (n-gram masked LM plus sentence-order prediction on segment pairs) or
 * as a plain masked LM, with BERT's WordPiece tokenizer and specials ([CLS] [SEP] [MASK]); it
 * fills masks and classifies. Its folders are AlbertForPreTraining (the MLM and SOP heads).
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { AlbertConfig } from '../configs';
import { BERT_CONFIG_FIELDS, bertStyleConfigFields, bosEosConfigFields, encoderExports, MASKED_LM_ENCODER } from '../encoder-family';
import { albertEncoder, buildAlbertForMaskedLM, buildAlbertForPreTraining, buildAlbertForSequenceClassification } from './model';
import { ALBERT_CLASSIFIER, exportAlbertOnnx } from './export-onnx';
import { bertOfSameWidthAndDepth } from './size-comparison';
import { ID_BUFFERS } from '../published-names';

/** ALBERT's embedding width for a model `dim` wide: smaller than the width (factorised), 128 at most as in ALBERT-base…xxlarge. */
export function albertEmbeddingSize(dim: number): number {
  return Math.max(1, Math.min(128, Math.floor(dim / 4)));
}

export const ALBERT: FamilySpec = {
  modelType: 'albert',
  displayName: 'ALBERT',
  description: 'Encoder (ALBERT): BERT with factorised embeddings and one layer shared across depth; fills in [MASK]s and classifies',
  ...MASKED_LM_ENCODER,
  defaultObjective: 'mlm+sop',
  pretrain: {
    'mlm+sop': (g, params, config, inputs, options) => buildAlbertForPreTraining(g, params, configOf(config, 'albert'), inputs, options),
    mlm: (g, params, config, inputs, options) => buildAlbertForMaskedLM(g, params, configOf(config, 'albert'), inputs, options).logits,
  },
  hiddenStates: (g, params, config, inputs, options) => albertEncoder(g, params, configOf(config, 'albert'), inputs, options).hidden,
  configFields: BERT_CONFIG_FIELDS satisfies ConfigFieldNames<AlbertConfig>,
  pretrainingArchitecture: 'AlbertForPreTraining',
  newConfigFields: (options) => ({
    model_type: 'albert',
    embedding_size: albertEmbeddingSize(options.dim),
    ...bertStyleConfigFields(options),
    num_hidden_groups: 1,
    inner_group_num: 1,
    ...bosEosConfigFields(options),
  }),
  ...encoderExports('albert', exportAlbertOnnx, { architecture: ALBERT_CLASSIFIER, build: buildAlbertForSequenceClassification }),
  sizeComparison: (config) => bertOfSameWidthAndDepth(configOf(config, 'albert')),
  publishedNames: {
    basePrefix: 'albert',
    headModules: ['predictions', 'sop_classifier', 'classifier'],
    tiedOutput: { output: 'predictions.decoder.weight', embeddings: 'albert.embeddings.word_embeddings.weight' },
    aliases: { 'predictions.decoder.bias': 'predictions.bias' },
    ignored: [ID_BUFFERS],
  },
};
