/**
 * ELECTRA's configs beyond config.json's own fields: the BERT view of one (for BERT's encoder
 * code) and the generator's config derived from the discriminator's (the paper's small
 * generators: a quarter of the width and MLP width, the same depth).
 */
import type { BertConfig, ElectraConfig } from '../configs';

export type { ElectraConfig } from '../configs';

/** The same sizes as a BertConfig: what BERT's encoder code reads (it never looks at model_type). */
export function asBertEncoderConfig(cfg: ElectraConfig): BertConfig {
  const { embedding_size: _e, generator_hidden_size: _g, ...bert } = cfg;
  return { ...bert, model_type: 'bert' };
}

/** The generator's width for a discriminator: `generator_hidden_size`, else a quarter of hidden_size (at least 1). */
export function generatorWidth(discriminator: ElectraConfig): number {
  return discriminator.generator_hidden_size ?? Math.max(1, Math.floor(discriminator.hidden_size / 4));
}

/**
 * The generator's config (an ElectraForMaskedLM's): the discriminator's fields and embeddings
 * (embedding_size stays the discriminator's: the tables are shared) with its width, its MLP
 * scaled by the same ratio, and heads of up to 64 wide as ELECTRA's code picks them.
 */
export function generatorConfig(discriminator: ElectraConfig): ElectraConfig {
  const { generator_hidden_size: _g, ...fields } = discriminator;
  const width = generatorWidth(discriminator);
  const heads = Math.max(1, Math.floor(width / 64));
  return {
    ...fields,
    architectures: ['ElectraForMaskedLM'],
    hidden_size: width,
    intermediate_size: Math.max(1, Math.round((discriminator.intermediate_size * width) / discriminator.hidden_size)),
    num_attention_heads: width % heads === 0 ? heads : 1,
  };
}
