/**
 * Builds a config.json for a new model from the command line's architecture options
 * (`--arch --layers --heads --dim --context --vocab-size --dropout`), with every other field
 * at its HF default. Errors name the flags, not the HF fields behind them.
 */
import { InputError } from '../util/errors';
import { parseConfig } from './config-validate';
import type { ModelConfig } from './configs';
import { ARCHITECTURE_OPTIONS, type ArchitectureOptions } from './family';
import { familyFor } from './registry';

export type { ArchitectureOptions } from './family';

/** Which flag sets each HF field, for messages about a config built from options. */
const FLAG_OF: Record<string, string> = {
  vocab_size: '--vocab-size',
  n_layer: '--layers',
  num_hidden_layers: '--layers',
  num_layers: '--layers',
  num_decoder_layers: '--layers',
  n_head: '--heads',
  num_attention_heads: '--heads',
  num_heads: '--heads',
  n_embd: '--dim',
  hidden_size: '--dim',
  d_model: '--dim',
  n_positions: '--context',
  max_position_embeddings: '--context',
  resid_pdrop: '--dropout',
  embd_pdrop: '--dropout',
  attn_pdrop: '--dropout',
  hidden_dropout_prob: '--dropout',
  attention_probs_dropout_prob: '--dropout',
  dropout_rate: '--dropout',
  generator_hidden_size: '--generator-dim',
  // XLM's names.
  n_layers: '--layers',
  n_heads: '--heads',
  emb_dim: '--dim',
  dropout: '--dropout',
  attention_dropout: '--dropout',
};

export function buildConfig(options: ArchitectureOptions): ModelConfig {
  const family = familyFor(options.arch);
  const common = { architectures: [family.pretrainingArchitecture], vocab_size: options.vocabSize };
  // Keys that are undefined are dropped by JSON and filled with HF defaults by parseConfig.
  const fields = family.newConfigFields(options);
  if (options.generatorDim !== undefined && !('generator_hidden_size' in fields)) {
    throw new InputError(`--generator-dim is for --arch electra (its generator); --arch ${options.arch} has none`);
  }
  const defined = Object.fromEntries(Object.entries({ ...common, ...fields }).filter(([, v]) => v !== undefined));
  return parseConfig(defined, ARCHITECTURE_OPTIONS, { fieldNames: FLAG_OF });
}
