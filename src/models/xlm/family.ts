/**
 * XLM as a family: an encoder with a language embedding per token (`langs`: code or text),
 * pretrained as a masked LM (and, with paired code and text, as a translation LM), saved as HF
 * `XLMWithLMHeadModel`; it fills masks and classifies (`XLMForSequenceClassification`).
 * Its tokenizer follows XLM's special tokens: <s> X </s>, <pad>, <unk>, and <special1> as the mask.
 * No extraInputs: its exported graphs take no `langs` (src/models/xlm/export-onnx.ts says why), as
 * HF Optimum's XLM export does, so transformers.js's plain pipelines run our folders; no command
 * needs per-token languages at inference. Only the translation-LM training graphs feed them.
 */
import { ONNX_MODEL } from '../../modelfile/layout';
import type { XlmConfig } from '../configs';
import { configOf, type ConfigFieldNames, type FamilySpec, type LmInputs } from '../family';
import { exportXlmOnnx, XLM_CLASSIFIER } from './export-onnx';
import { xlmLanguageFields } from './languages';
import { buildXlmForSequenceClassification, buildXlmWithLMHead, xlmEncoder } from './model';
import { buildXlmTranslationLm, buildXlmWithPairMatch } from './translation-lm';

const xlm = (config: Parameters<typeof configOf>[0]) => configOf(config, 'xlm');

/**
 * The inputs without segment ids: callers that serve every encoder pass token_type_ids of zeros
 * for "one segment", which XLM (no segment table) would read as HF does, as the word embedding of
 * token 0 added to every token, which none of its training ever saw.
 */
const withoutSegments = ({ tokenTypeIds: _segments, ...inputs }: LmInputs): LmInputs => inputs;

export const XLM: FamilySpec = {
  modelType: 'xlm',
  displayName: 'XLM',
  description: 'Encoder (XLM): fills in masks and classifies; masked language modelling with a language embedding per token (code, text)',
  kind: 'encoder',
  defaultObjective: 'mlm',
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildXlmWithLMHead(g, params, xlm(config), withoutSegments(inputs), options).logits,
    tlm: (g, params, config, inputs, options) => buildXlmTranslationLm(g, params, xlm(config), inputs, options),
    'tlm+match': (g, params, config, inputs, options) => buildXlmWithPairMatch(g, params, xlm(config), inputs, options),
  },
  tokenizer: { defaultKind: 'bpe', family: 'xlm' },
  tasks: { generate: false, fillMask: true, text2text: false, classify: true, promptClassify: true },
  attention: ['self'],
  configFields: {
    layers: 'n_layers', heads: 'n_heads', width: 'emb_dim', context: 'max_position_embeddings', vocabSize: 'vocab_size',
  } satisfies ConfigFieldNames<XlmConfig>,
  pretrainingArchitecture: 'XLMWithLMHeadModel',
  newConfigFields: ({ layers, heads, dim, context, dropout, tokenIds: ids = {} }) => ({
    model_type: 'xlm',
    emb_dim: dim,
    n_layers: layers,
    n_heads: heads,
    max_position_embeddings: context,
    dropout,
    attention_dropout: dropout,
    // XLM's own recipe (its TransformerModel's Embedding): std emb_dim^-0.5, so tied logits start near unit scale.
    embed_init_std: dim ** -0.5,
    ...xlmLanguageFields(),
    bos_index: ids.bos,
    eos_index: ids.eos,
    pad_index: ids.pad,
    unk_index: ids.unk,
    mask_index: ids.mask,
    mask_token_id: ids.mask,
    pad_token_id: ids.pad,
    bos_token_id: ids.bos,
    eos_token_id: ids.eos,
  }),
  onnxFiles: [ONNX_MODEL],
  exportOnnx: (config, weights) => ({ [ONNX_MODEL]: exportXlmOnnx(xlm(config), weights) }),
  classifier: {
    architecture: XLM_CLASSIFIER,
    headPrefix: 'sequence_summary.',
    build: (g, params, config, inputs, dropout) => buildXlmForSequenceClassification(g, params, xlm(config), inputs, { dropout }).logits,
    exportOnnx: (config, weights) => exportXlmOnnx(xlm(config), weights, true),
  },
  hiddenStates: (g, params, config, inputs, options) => xlmEncoder(g, params, xlm(config), withoutSegments(inputs), options).hidden,
};
