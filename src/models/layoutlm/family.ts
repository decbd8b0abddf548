/**
 * LayoutLM as a family: BERT's encoder with each token's box in its embeddings, pretrained as a
 * masked LM (masked tokens keep their boxes) on code, whose boxes come from the source layout
 * (src/data/token-boxes.ts: line and column within the window, on LayoutLM's 0–1000 scale).
 * Tokenizer: RoBERTa's byte-level BPE (<s> <pad> </s> <unk> … <mask>), as LayoutLM models on the
 * Hub pair it (impira/layoutlm-document-qa): its tokens spell the text byte for byte, newlines and
 * tabs included, so lines and columns are recovered from the ids alone.
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { LayoutLMConfig } from '../configs';
import { BERT_CONFIG_FIELDS, bertStyleConfigFields, bosEosConfigFields, encoderExports, MASKED_LM_ENCODER } from '../encoder-family';
import { tokenBoxes, tokenPlaces } from '../../data/token-boxes';
import { buildLayoutLmForMaskedLM, buildLayoutLmForSequenceClassification, layoutlmEncoder } from './model';
import { BBOX_INPUT, exportLayoutLmOnnx, LAYOUTLM_CLASSIFIER } from './export-onnx';
import { bertStylePublishedNames } from '../published-names';

/** transformers' LayoutLMConfig default: rows of each 2-D position table (boxes use 0…1000). */
const MAX_2D_POSITIONS = 1024;

export const LAYOUTLM: FamilySpec = {
  modelType: 'layoutlm',
  displayName: 'LayoutLM',
  description: 'Encoder (LayoutLM): BERT that also sees where each token sits (line, column); fills in <mask>s and classifies',
  ...MASKED_LM_ENCODER,
  tokenizer: { defaultKind: 'bpe', family: 'roberta' },
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildLayoutLmForMaskedLM(g, params, configOf(config, 'layoutlm'), inputs, options).logits,
  },
  hiddenStates: (g, params, config, inputs, options) => layoutlmEncoder(g, params, configOf(config, 'layoutlm'), inputs, options).hidden,
  configFields: BERT_CONFIG_FIELDS satisfies ConfigFieldNames<LayoutLMConfig>,
  pretrainingArchitecture: 'LayoutLMForMaskedLM',
  newConfigFields: (options) => ({
    model_type: 'layoutlm',
    ...bertStyleConfigFields(options),
    ...bosEosConfigFields(options),
    max_2d_position_embeddings: MAX_2D_POSITIONS,
  }),
  ...encoderExports('layoutlm', exportLayoutLmOnnx, { architecture: LAYOUTLM_CLASSIFIER, build: buildLayoutLmForSequenceClassification }),
  tokenBoxes: true,
  extraInputs: (_config, text) => ({
    [BBOX_INPUT]: { dtype: 'int64', shape: [1, text.tokens.length, 4], data: BigInt64Array.from(tokenBoxes(text.tokens), BigInt) },
  }),
  tokenPositions: (text) => tokenPlaces(text.tokens).map((place) => place && { line: place.line + 1, column: place.column + 1 }),
  publishedNames: bertStylePublishedNames('layoutlm'),
};
