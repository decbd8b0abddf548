/**
 * What the BERT-style encoder families (BERT, ALBERT, NEZHA, ELECTRA, RoBERTa) share in their
 * FamilySpecs: the encoder's kind, tasks and attention, BERT's config field names and the
 * config fields that a new model of any of them starts from.
 */
import type { ArchitectureOptions, ConfigFieldNames, FamilySpec } from './family';

/** An encoder pretrained as a masked LM, with BERT's WordPiece tokenizer, that fills masks and classifies. */
export const MASKED_LM_ENCODER = {
  kind: 'encoder',
  defaultObjective: 'mlm',
  tokenizer: { defaultKind: 'wordpiece', family: 'bert' },
  tasks: { generate: false, fillMask: true, text2text: false, classify: true, promptClassify: true },
  attention: ['self'],
} as const satisfies Partial<FamilySpec>;

/** The HF config.json fields that hold a BERT-style encoder's sizes. */
export const BERT_CONFIG_FIELDS = {
  layers: 'num_hidden_layers', heads: 'num_attention_heads', width: 'hidden_size',
  context: 'max_position_embeddings', vocabSize: 'vocab_size',
} as const satisfies ConfigFieldNames;

/**
 * The config fields of a new BERT-style encoder: its sizes, a 4·dim MLP, one dropout rate, and
 * the tokenizer's pad id (0, BERT's, when it has none).
 */
export function bertStyleConfigFields({ layers, heads, dim, context, dropout, tokenIds: ids = {} }: ArchitectureOptions) {
  return {
    num_hidden_layers: layers,
    num_attention_heads: heads,
    hidden_size: dim,
    intermediate_size: 4 * dim,
    max_position_embeddings: context,
    hidden_dropout_prob: dropout,
    attention_probs_dropout_prob: dropout,
    pad_token_id: ids.pad ?? 0,
  };
}
