/** BERT as a family: an encoder, pretrained as a masked LM, that fills masks and classifies. */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { BertConfig } from '../configs';
import { buildBertForMaskedLM, buildBertForSequenceClassification } from './model';
import { exportBertOnnx } from './export-onnx';
import { buildBertWithSpanBoundary } from './span-boundary';
import { ONNX_MODEL } from '../../modelfile/layout';

export const BERT: FamilySpec = {
  modelType: 'bert',
  displayName: 'BERT',
  description: 'Encoder (BERT): fills in [MASK]s and classifies; masked language modelling',
  kind: 'encoder',
  defaultObjective: 'mlm',
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildBertForMaskedLM(g, params, configOf(config, 'bert'), inputs, options).logits,
    'span-sbo': (g, params, config, inputs, options) => buildBertWithSpanBoundary(g, params, configOf(config, 'bert'), inputs, options),
  },
  tokenizer: { defaultKind: 'wordpiece', family: 'bert' },
  tasks: { generate: false, fillMask: true, text2text: false, classify: true, promptClassify: true },
  attention: ['self'],
  configFields: {
    layers: 'num_hidden_layers', heads: 'num_attention_heads', width: 'hidden_size',
    context: 'max_position_embeddings', vocabSize: 'vocab_size',
  } satisfies ConfigFieldNames<BertConfig>,
  pretrainingArchitecture: 'BertForMaskedLM',
  newConfigFields: ({ layers, heads, dim, context, dropout, tokenIds: ids = {} }) => ({
    model_type: 'bert',
    num_hidden_layers: layers,
    num_attention_heads: heads,
    hidden_size: dim,
    intermediate_size: 4 * dim,
    max_position_embeddings: context,
    hidden_dropout_prob: dropout,
    attention_probs_dropout_prob: dropout,
    pad_token_id: ids.pad ?? 0,
  }),
  onnxFiles: [ONNX_MODEL],
  exportOnnx: (config, weights) => ({ [ONNX_MODEL]: exportBertOnnx(configOf(config, 'bert'), weights) }),
  classifier: {
    architecture: 'BertForSequenceClassification',
    headPrefix: 'classifier.',
    build: (g, params, config, inputs, dropout) => buildBertForSequenceClassification(g, params, configOf(config, 'bert'), inputs, { dropout }).logits,
    exportOnnx: (config, weights) => exportBertOnnx(configOf(config, 'bert'), weights, 'sequence-classification'),
  },
};
