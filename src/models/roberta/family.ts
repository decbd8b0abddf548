/**
 * RoBERTa as a family: BERT's encoder with RoBERTa's positions, heads and byte-level BPE
 * tokenizer (<s> <pad> </s> <unk> … <mask>), pretrained as a masked LM with dynamic masking.
 */
import { configOf, type ConfigFieldNames, type FamilySpec } from '../family';
import type { RobertaConfig } from '../configs';
import { BERT_CONFIG_FIELDS, bertStyleConfigFields, bosEosConfigFields, encoderExports, MASKED_LM_ENCODER } from '../encoder-family';
import { buildRobertaForMaskedLM, buildRobertaForSequenceClassification, ROBERTA_VARIANT } from './model';
import { bertEncoder } from '../bert/model';
import { exportRobertaOnnx, ROBERTA_CLASSIFIER } from './export-onnx';
import { buildRobertaTranslationLm, buildRobertaWithPairMatch } from './pair-match';
import { ID_BUFFERS } from '../published-names';

/** RoBERTa's pad id; positions start after it. */
const ROBERTA_PAD_ID = 1;

export const ROBERTA: FamilySpec = {
  modelType: 'roberta',
  displayName: 'RoBERTa',
  description: 'Encoder (RoBERTa): fills in <mask>s and classifies; masked language modelling with byte-level BPE',
  ...MASKED_LM_ENCODER,
  pretrain: {
    mlm: (g, params, config, inputs, options) => buildRobertaForMaskedLM(g, params, configOf(config, 'roberta'), inputs, options).logits,
    tlm: (g, params, config, inputs, options) => buildRobertaTranslationLm(g, params, configOf(config, 'roberta'), inputs, options),
    'tlm+match': (g, params, config, inputs, options) => buildRobertaWithPairMatch(g, params, configOf(config, 'roberta'), inputs, options),
  },
  hiddenStates: (g, params, config, inputs, options) => bertEncoder(g, params, configOf(config, 'roberta'), inputs, options, ROBERTA_VARIANT).hidden,
  tokenizer: { defaultKind: 'bpe', family: 'roberta' },
  configFields: BERT_CONFIG_FIELDS satisfies ConfigFieldNames<RobertaConfig>,
  // Positions start after the pad id: the table holds pad + 1 more rows than the longest input.
  contextOf: ({ max_position_embeddings: rows, pad_token_id: pad }) =>
    typeof rows === 'number' ? rows - (typeof pad === 'number' ? pad : ROBERTA_PAD_ID) - 1 : undefined,
  pretrainingArchitecture: 'RobertaForMaskedLM',
  newConfigFields: (options) => {
    const pad = options.tokenIds?.pad ?? ROBERTA_PAD_ID;
    return {
      model_type: 'roberta',
      ...bertStyleConfigFields(options),
      // Positions run pad + 1 … pad + context.
      max_position_embeddings: options.context + pad + 1,
      // One segment row, RoBERTa's own; two when the objective's rows have two sides (the translation LM's code and text).
      type_vocab_size: Math.max(1, options.segments ?? 1),
      pad_token_id: pad,
      ...bosEosConfigFields(options),
    };
  },
  ...encoderExports('roberta', exportRobertaOnnx, { architecture: ROBERTA_CLASSIFIER, build: buildRobertaForSequenceClassification }),
  publishedNames: {
    basePrefix: 'roberta',
    headModules: ['lm_head', 'classifier'],
    tiedOutput: { output: 'lm_head.decoder.weight', embeddings: 'roberta.embeddings.word_embeddings.weight' },
    aliases: { 'lm_head.decoder.bias': 'lm_head.bias' },
    ignored: [ID_BUFFERS],
  },
};
