/**
 * Builds a config.json for a new model from the command line's architecture options
 * (`--arch --layers --heads --dim --context --vocab-size --dropout`), with every other field
 * at its HF default. Errors name the flags, not the HF fields behind them.
 */
import { ConfigError, parseConfig } from './config-validate';
import { ModelConfig, ModelType, PRETRAINING_ARCHITECTURE } from './configs';

export interface ArchitectureOptions {
  arch: ModelType;
  vocabSize: number;
  layers: number;
  heads: number;
  /** Width of the residual stream. */
  dim: number;
  /** Longest input in tokens: the position table of GPT-2 and BERT. */
  context: number;
  /** One rate for every dropout of the model; HF's default (0.1) when absent. */
  dropout?: number;
  /** Ids the tokenizer gave its special tokens; absent ones keep the HF default (or none). */
  tokenIds?: { pad?: number; bos?: number; eos?: number };
}

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
};

const SOURCE = 'architecture options';

export function buildConfig(options: ArchitectureOptions): ModelConfig {
  const ids = options.tokenIds ?? {};
  const dropout = options.dropout;
  const common = { architectures: [PRETRAINING_ARCHITECTURE[options.arch]], vocab_size: options.vocabSize };
  // Keys that are undefined are dropped by JSON and filled with HF defaults by parseConfig.
  let fields: Record<string, unknown>;
  switch (options.arch) {
    case 'gpt2':
      fields = {
        model_type: 'gpt2',
        n_layer: options.layers,
        n_head: options.heads,
        n_embd: options.dim,
        n_positions: options.context,
        resid_pdrop: dropout,
        embd_pdrop: dropout,
        attn_pdrop: dropout,
        bos_token_id: ids.bos ?? ids.eos ?? null,
        eos_token_id: ids.eos ?? null,
        pad_token_id: ids.pad ?? null,
      };
      break;
    case 'bert':
      fields = {
        model_type: 'bert',
        num_hidden_layers: options.layers,
        num_attention_heads: options.heads,
        hidden_size: options.dim,
        intermediate_size: 4 * options.dim,
        max_position_embeddings: options.context,
        hidden_dropout_prob: dropout,
        attention_probs_dropout_prob: dropout,
        pad_token_id: ids.pad ?? 0,
      };
      break;
    case 't5':
      if (options.dim % options.heads !== 0) {
        throw new ConfigError(SOURCE, 'num_heads', `--heads ${options.heads} does not divide --dim ${options.dim}: every head must get the same share of the width`);
      }
      fields = {
        model_type: 't5',
        num_layers: options.layers,
        num_decoder_layers: options.layers,
        num_heads: options.heads,
        d_model: options.dim,
        d_kv: options.dim / options.heads,
        d_ff: 4 * options.dim,
        n_positions: options.context,
        dropout_rate: dropout,
        pad_token_id: ids.pad ?? 0,
        eos_token_id: ids.eos ?? 1,
        decoder_start_token_id: ids.pad ?? 0,
      };
      break;
  }
  const defined = Object.fromEntries(Object.entries({ ...common, ...fields }).filter(([, v]) => v !== undefined));
  return parseConfig(defined, SOURCE, { fieldNames: FLAG_OF });
}
