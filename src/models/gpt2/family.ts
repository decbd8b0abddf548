/** GPT-2 as a family: a decoder, pretrained as a causal LM, that generates text and classifies. */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { Gpt2Config } from '../configs';
import { buildGpt2 } from './model';
import { buildGpt2ForSequenceClassification } from './classify';
import { exportGpt2ClassifierOnnx, exportGpt2Onnx } from './export-onnx';
import { isSequenceClassifier } from '../configs';
import { ONNX_MODEL } from '../../modelfile/layout';

export const GPT2: FamilySpec = {
  modelType: 'gpt2',
  displayName: 'GPT-2',
  description: 'Decoder (GPT-2): generates text; causal language modelling',
  kind: 'decoder',
  defaultObjective: 'clm',
  pretrain: {
    clm: (g, params, config, inputs, options) => buildGpt2(g, params, configOf(config, 'gpt2'), inputs, options).logits,
  },
  tokenizer: { defaultKind: 'bpe', family: 'gpt2' },
  tasks: { generate: true, fillMask: false, text2text: false, classify: true, promptClassify: true },
  attention: ['causal'],
  configFields: { layers: 'n_layer', heads: 'n_head', width: 'n_embd', context: 'n_positions', vocabSize: 'vocab_size' } satisfies ConfigFieldNames<Gpt2Config>,
  pretrainingArchitecture: 'GPT2LMHeadModel',
  newConfigFields: ({ layers, heads, dim, context, dropout, tokenIds: ids = {} }) => ({
    model_type: 'gpt2',
    n_layer: layers,
    n_head: heads,
    n_embd: dim,
    n_positions: context,
    resid_pdrop: dropout,
    embd_pdrop: dropout,
    attn_pdrop: dropout,
    bos_token_id: ids.bos ?? ids.eos ?? null,
    eos_token_id: ids.eos ?? null,
    pad_token_id: ids.pad ?? null,
  }),
  onnxFiles: [ONNX_MODEL],
  exportOnnx(config, weights) {
    const cfg = configOf(config, 'gpt2');
    return { [ONNX_MODEL]: isSequenceClassifier(cfg) ? exportGpt2ClassifierOnnx(cfg, weights) : exportGpt2Onnx(cfg, weights) };
  },
  classifier: {
    architecture: 'GPT2ForSequenceClassification',
    headPrefix: 'score.',
    build: (g, params, config, inputs, dropout) => buildGpt2ForSequenceClassification(g, params, configOf(config, 'gpt2'), inputs, { dropout }).logits,
    exportOnnx: (config, weights) => exportGpt2ClassifierOnnx(configOf(config, 'gpt2'), weights),
  },
  publishedNames: {
    // The Hub's `gpt2` is a GPT2Model checkpoint: no `transformer.` prefix and no lm_head.
    basePrefix: 'transformer',
    headModules: ['lm_head', 'score'],
    // Our graph always projects with wte (GPT2LMHeadModel ties them); a stored copy fills a missing wte.
    aliases: { 'lm_head.weight': 'transformer.wte.weight' },
    // Causal-mask buffers stored by transformers < 4.31; the graph builds the mask.
    ignored: [/\.attn\.(masked_)?bias$/],
  },
};
