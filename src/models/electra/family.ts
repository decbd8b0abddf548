/**
 * ELECTRA as a family: an encoder pretrained by replaced-token detection (a small generator
 * fills masks, the discriminator spots the replacements); the discriminator classifies, its
 * generator/ folder fills masks.
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { ElectraConfig } from '../configs';
import { BERT_CONFIG_FIELDS, bertStyleConfigFields, MASKED_LM_ENCODER } from '../encoder-family';
import { ONNX_MODEL } from '../../modelfile/layout';
import { buildElectraForPreTraining, buildElectraForSequenceClassification, electraEncoder } from './model';
import { ELECTRA_CLASSES, electraClassOf, exportElectraOnnx } from './export-onnx';
import { electraFolders, GENERATOR_DIR } from './folders';
import { GENERATOR_NAMES } from './rtd';
import path from 'node:path';
import { ID_BUFFERS } from '../published-names';

export const ELECTRA: FamilySpec = {
  modelType: 'electra',
  displayName: 'ELECTRA',
  description: 'Encoder (ELECTRA): classifies; pretrained by replaced-token detection, its generator/ fills in [MASK]s',
  ...MASKED_LM_ENCODER,
  defaultObjective: 'rtd',
  pretrain: {
    rtd: (g, params, config, inputs, options) => buildElectraForPreTraining(g, params, configOf(config, 'electra'), inputs, options).logits,
  },
  hiddenStates: (g, params, config, inputs, options) => electraEncoder(g, params, configOf(config, 'electra'), inputs, options).hidden,
  configFields: BERT_CONFIG_FIELDS satisfies ConfigFieldNames<ElectraConfig>,
  pretrainingArchitecture: ELECTRA_CLASSES.discriminator,
  newConfigFields: (options) => ({
    model_type: 'electra',
    ...bertStyleConfigFields(options),
    // The embeddings are the discriminator's width; the narrower generator projects them (embeddings_project).
    embedding_size: options.dim,
    generator_hidden_size: options.generatorDim,
  }),
  onnxFiles: [ONNX_MODEL],
  exportOnnx: (config, weights) => ({ [ONNX_MODEL]: exportElectraOnnx(configOf(config, 'electra'), weights) }),
  classifier: {
    architecture: ELECTRA_CLASSES.classifier,
    headPrefix: 'classifier.',
    build: (g, params, config, inputs, dropout) => buildElectraForSequenceClassification(g, params, configOf(config, 'electra'), inputs, { dropout }).logits,
    exportOnnx: (config, weights) => exportElectraOnnx(configOf(config, 'electra'), weights, 'classifier'),
  },
  pretrainedFolders: electraFolders,
  pretrainingSubfolders: { architecture: ELECTRA_CLASSES.discriminator, folders: [{ dir: GENERATOR_DIR, prefix: GENERATOR_NAMES.prefix }] },
  refuseTask: (config, task, where) => {
    // The joint step trains both networks from the discriminator's folder; the generator alone has no discriminator to continue.
    if (task === 'continuePretraining' && electraClassOf(configOf(config, 'electra')) === 'generator') {
      return `${where} holds ELECTRA's generator, which pretrains only jointly with its discriminator; continue pretraining the run's top folder ${path.dirname(where)}`;
    }
    const maskedLm = task === 'fillMask' || task === 'promptClassify';
    if (!maskedLm || electraClassOf(configOf(config, 'electra')) !== 'discriminator') return undefined;
    return `${where} holds ELECTRA's discriminator, which has no masked-LM head; use its generator folder ${path.join(where, GENERATOR_DIR)}`;
  },
  publishedNames: {
    basePrefix: 'electra',
    headModules: ['discriminator_predictions', 'generator_predictions', 'generator_lm_head', 'classifier'],
    // ElectraForMaskedLM (a generator's folder): its output layer is the word embeddings.
    tiedOutput: { output: 'generator_lm_head.weight', embeddings: 'electra.embeddings.word_embeddings.weight' },
    ignored: [ID_BUFFERS],
  },
};
