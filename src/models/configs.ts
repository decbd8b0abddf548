/**
 * The `config.json` of a Hugging Face model folder, for the model types Pretrain Lab builds.
 * Field names, meanings and defaults are exactly those of `transformers` (GPT2Config,
 * BertConfig, T5Config and the PretrainedConfig fields they inherit), so a folder we save is
 * read by HF tools as we meant it and a folder from the Hub is read here as HF would read it.
 *
 * A config read from a file may carry fields not listed here (HF writes many); they are kept on
 * the object and written back unchanged, but are not part of the type.
 */

export const MODEL_TYPES = ['gpt2', 'bert', 'roberta', 'albert', 'nezha', 'electra', 't5', 'layoutlm', 'xlm'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

/** Activations our layers implement, by their name in transformers' ACT2FN. */
export const SUPPORTED_ACTIVATIONS = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu', 'silu', 'swish'] as const;
export type Activation = (typeof SUPPORTED_ACTIVATIONS)[number];
/**
 * Other ACT2FN names for the same functions, read as the name our layers implement:
 * gelu_fast, gelu_accurate and gelu_new are all the tanh approximation
 * 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) (gelu_fast writes √(2/π) as 0.7978845608, 3e-12 off);
 * gelu_python is the exact erf form, like gelu.
 */
export const ACTIVATION_ALIASES: Readonly<Record<string, Activation>> = { gelu_fast: 'gelu_new', gelu_accurate: 'gelu_new', gelu_python: 'gelu' };

/** Fields every model type inherits from PretrainedConfig. */
export interface CommonConfig {
  /** The HF class names that can load the weights, e.g. ["GPT2LMHeadModel"]. */
  architectures?: string[];
  /** Output projection shares the token embedding matrix. */
  tie_word_embeddings: boolean;
  pad_token_id: number | null;
  bos_token_id: number | null;
  eos_token_id: number | null;
  /** Classification heads: label of each class index (keys are decimal strings in JSON). */
  id2label?: Record<string, string>;
  label2id?: Record<string, number>;
  /** Dtype the weights were saved in ("float32", …); informational. transformers v5 writes `dtype`. */
  torch_dtype?: string;
}

/** GPT-2: decoder-only, learned absolute positions, pre-LayerNorm, Conv1D weights [in, out]. */
export interface Gpt2Config extends CommonConfig {
  model_type: 'gpt2';
  vocab_size: number;
  /** Length of the position table: the longest context. */
  n_positions: number;
  /** Width of the residual stream. */
  n_embd: number;
  n_layer: number;
  n_head: number;
  /** MLP hidden width; null means 4 × n_embd. */
  n_inner: number | null;
  activation_function: Activation;
  /** Dropout after attention output and MLP, on embeddings, and on attention weights. */
  resid_pdrop: number;
  embd_pdrop: number;
  attn_pdrop: number;
  layer_norm_epsilon: number;
  /** Std of the normal initialisation of weights. */
  initializer_range: number;
  /** Divide attention scores by sqrt(head size). */
  scale_attn_weights: boolean;
  /** Further divide attention scores of layer i by (i + 1). */
  scale_attn_by_inverse_layer_idx: boolean;
  reorder_and_upcast_attn: boolean;
  use_cache: boolean;
  /** Cross-attention to an encoder in every block; not supported (must be false). */
  add_cross_attention: boolean;
  /** Fields of the sequence-summary head (GPT2DoubleHeadsModel); kept for HF fidelity. */
  summary_type: string;
  summary_use_proj: boolean;
  summary_activation: string | null;
  summary_proj_to_labels: boolean;
  summary_first_dropout: number;
}

/** The activation, dropouts, position and segment tables and initialisation that BERT and ALBERT configs share. */
export interface BertStyleFields {
  hidden_act: Activation;
  hidden_dropout_prob: number;
  attention_probs_dropout_prob: number;
  /** Length of the position table: the longest input. */
  max_position_embeddings: number;
  /** Number of segment (token type) embeddings. */
  type_vocab_size: number;
  initializer_range: number;
  layer_norm_eps: number;
}

/** BERT: encoder-only, learned absolute positions, token types, post-LayerNorm. */
export interface BertConfig extends CommonConfig, BertStyleFields {
  model_type: 'bert';
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  /** MLP hidden width. */
  intermediate_size: number;
  /**
   * transformers v4 only (v5 dropped it and always uses absolute positions); when present it
   * must be "absolute".
   */
  position_embedding_type?: 'absolute';
  /** Dropout of the classification head; null means hidden_dropout_prob. */
  classifier_dropout: number | null;
  /** Causal (decoder) BERT; not supported (must be false). */
  is_decoder: boolean;
  add_cross_attention: boolean;
  use_cache: boolean;
}

/**
 * RoBERTa: BERT's encoder and fields (transformers' RobertaConfig subclasses BertConfig), with
 * positions counted from pad_token_id + 1 (so max_position_embeddings = longest input + 2).
 */
export interface RobertaConfig extends Omit<BertConfig, 'model_type'> {
  model_type: 'roberta';
}

/**
 * NEZHA: BERT's encoder and fields without absolute position embeddings; attention adds
 * functional (sinusoidal) relative positions, clipped at max_relative_position, to keys and values.
 * max_position_embeddings bounds the input (HF precomputes the relative table for that length).
 */
export interface NezhaConfig extends Omit<BertConfig, 'model_type' | 'position_embedding_type'> {
  model_type: 'nezha';
  max_relative_position: number;
}

/**
 * ALBERT (transformers' AlbertConfig): BERT's sizes plus factorised embeddings (embedding_size)
 * and cross-layer sharing (num_hidden_groups groups of inner_group_num layers).
 */
export interface AlbertConfig extends CommonConfig, BertStyleFields {
  model_type: 'albert';
  vocab_size: number;
  /** Width of the embedding tables, projected to hidden_size by encoder.embedding_hidden_mapping_in. */
  embedding_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  /** Groups of distinct layer parameters; layer i runs group floor(i / (num_hidden_layers / num_hidden_groups)). */
  num_hidden_groups: number;
  num_attention_heads: number;
  intermediate_size: number;
  /** Layers in each group, run one after another at each of the num_hidden_layers steps. */
  inner_group_num: number;
  /** Dropout before the classifier. */
  classifier_dropout_prob: number;
  /** When present it must be "absolute". */
  position_embedding_type?: 'absolute';
}

/**
 * ELECTRA (transformers' ElectraConfig): BERT's fields plus embedding_size, the width of the
 * embedding tables (projected to hidden_size by embeddings_project when the two differ). One
 * config describes one network: the discriminator's folder and its generator/ folder each have theirs.
 */
export interface ElectraConfig extends Omit<BertConfig, 'model_type'> {
  model_type: 'electra';
  embedding_size: number;
  /**
   * Pretrain Lab's own field, in the discriminator's config: the hidden size of the generator it
   * was pretrained with (`--generator-dim`), so a resumed run rebuilds the same generator. HF ignores it.
   */
  generator_hidden_size?: number;
}

/**
 * LayoutLM (transformers' LayoutLMConfig): BERT's sizes and fields (no classifier_dropout: its
 * classifier drops at hidden_dropout_prob) plus the rows of the four 2-D position tables (x, y,
 * h, w) its token boxes index; boxes lie in 0 … max_2d_position_embeddings − 1 (LayoutLM's 0–1000).
 */
export interface LayoutLMConfig extends CommonConfig, BertStyleFields {
  model_type: 'layoutlm';
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  use_cache: boolean;
  max_2d_position_embeddings: number;
}

/** The configs BERT's encoder code builds (src/models/bert/). */
export type BertLikeConfig = BertConfig | RobertaConfig | NezhaConfig | LayoutLMConfig;

/** T5: encoder-decoder, relative position buckets, RMS LayerNorm without bias. */
export interface T5Config extends CommonConfig {
  model_type: 't5';
  vocab_size: number;
  /** Width of the residual stream. */
  d_model: number;
  /** Size of each attention head (need not be d_model / num_heads). */
  d_kv: number;
  /** MLP hidden width. */
  d_ff: number;
  /** Encoder layers. */
  num_layers: number;
  /** Decoder layers; defaults to num_layers. */
  num_decoder_layers: number;
  num_heads: number;
  relative_attention_num_buckets: number;
  relative_attention_max_distance: number;
  dropout_rate: number;
  classifier_dropout: number;
  layer_norm_epsilon: number;
  /** Multiplier of the default initialisation scales (1 for training from scratch). */
  initializer_factor: number;
  /** "ACT" or "gated-ACT", e.g. "relu" (T5) or "gated-gelu" (T5 v1.1). */
  feed_forward_proj: string;
  /** Derived from feed_forward_proj as transformers derives it; written for HF fidelity. */
  dense_act_fn: Activation;
  is_gated_act: boolean;
  is_encoder_decoder: boolean;
  /** First decoder input; T5 uses pad_token_id. Required: T5 cannot shift labels without it. */
  decoder_start_token_id: number | null;
  use_cache: boolean;
  /** Training context length; not used by the architecture (positions are relative). */
  n_positions?: number;
}

/**
 * XLM (transformers' XLMConfig): a post-LayerNorm encoder with learned (or sinusoidal)
 * positions and one language embedding per language (`langs`), a 4·emb_dim MLP, and the
 * masked-LM head `pred_layer.proj` tied to the word embeddings. Pretrain Lab's XLM models have
 * two languages, code and text (lang2id).
 */
export interface XlmConfig extends CommonConfig {
  model_type: 'xlm';
  vocab_size: number;
  /** Width of the residual stream (HF's hidden_size); the MLP is 4 × emb_dim wide. */
  emb_dim: number;
  n_layers: number;
  n_heads: number;
  /** Dropout of the embeddings, attention output and MLP output. */
  dropout: number;
  attention_dropout: number;
  /** Exact (erf) gelu in the MLP when true, relu when false. */
  gelu_activation: boolean;
  /** A fixed sinusoidal position table instead of a learned one. */
  sinusoidal_embeddings: boolean;
  /** Causal (decoder) XLM; not supported (must be false). */
  causal: boolean;
  /** Adaptive log-softmax output; not supported (must be false). */
  asm: boolean;
  /** Languages `langs` indexes; the language embedding exists when > 1 and use_lang_emb. */
  n_langs: number;
  use_lang_emb: boolean;
  /** Length of the position table: the longest input. */
  max_position_embeddings: number;
  /** Std of the normal initialisation of the embedding tables. */
  embed_init_std: number;
  /** Std of the normal initialisation of the Linear weights. */
  init_std: number;
  layer_norm_eps: number;
  bos_index: number;
  eos_index: number;
  /** The padding token: its embedding starts at zero; without attention_mask, tokens ≠ pad_index are the real ones. */
  pad_index: number;
  unk_index: number;
  mask_index: number;
  /** XLM as an encoder; transformers refuses is_encoder = false. */
  is_encoder: boolean;
  /** XLMForSequenceClassification's SequenceSummary: which token, a projection (to the labels), an activation, dropout before. */
  summary_type: string;
  summary_use_proj: boolean;
  summary_activation: string | null;
  summary_proj_to_labels: boolean;
  summary_first_dropout: number;
  start_n_top: number;
  end_n_top: number;
  mask_token_id: number;
  /** The language HF's generation feeds as langs; in our folders the text language. */
  lang_id: number;
  /** Language name → id (ours: code, text). */
  lang2id?: Record<string, number>;
  /** Id (decimal string) → language name. */
  id2lang?: Record<string, string>;
}

export type ModelConfig = Gpt2Config | BertConfig | RobertaConfig | NezhaConfig | AlbertConfig | ElectraConfig | T5Config | LayoutLMConfig | XlmConfig;

const COMMON_DEFAULTS = {
  tie_word_embeddings: true,
  pad_token_id: null,
  bos_token_id: null,
  eos_token_id: null,
};

/** transformers' GPT2Config() defaults (identical in v4 and v5). */
export const GPT2_DEFAULTS: Gpt2Config = {
  ...COMMON_DEFAULTS,
  model_type: 'gpt2',
  vocab_size: 50257,
  n_positions: 1024,
  n_embd: 768,
  n_layer: 12,
  n_head: 12,
  n_inner: null,
  activation_function: 'gelu_new',
  resid_pdrop: 0.1,
  embd_pdrop: 0.1,
  attn_pdrop: 0.1,
  layer_norm_epsilon: 1e-5,
  initializer_range: 0.02,
  summary_type: 'cls_index',
  summary_use_proj: true,
  summary_activation: null,
  summary_proj_to_labels: true,
  summary_first_dropout: 0.1,
  scale_attn_weights: true,
  use_cache: true,
  bos_token_id: 50256,
  eos_token_id: 50256,
  scale_attn_by_inverse_layer_idx: false,
  reorder_and_upcast_attn: false,
  add_cross_attention: false,
};

/** BertConfig()'s sizes, dropouts, tables and pad id, which LayoutLMConfig() keeps unchanged. */
const BERT_BASE_DEFAULTS = {
  vocab_size: 30522,
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  attention_probs_dropout_prob: 0.1,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  pad_token_id: 0,
  use_cache: true,
} satisfies Partial<BertConfig> & Partial<LayoutLMConfig>;

/** transformers' BertConfig() defaults (identical in v4 and v5, but for position_embedding_type). */
export const BERT_DEFAULTS: BertConfig = {
  ...COMMON_DEFAULTS,
  model_type: 'bert',
  ...BERT_BASE_DEFAULTS,
  classifier_dropout: null,
  is_decoder: false,
  add_cross_attention: false,
};

/** transformers' RobertaConfig() defaults: BertConfig's but for the vocabulary size and special token ids. */
export const ROBERTA_DEFAULTS: RobertaConfig = {
  ...BERT_DEFAULTS,
  model_type: 'roberta',
  vocab_size: 50265,
  pad_token_id: 1,
  bos_token_id: 0,
  eos_token_id: 2,
};

/** transformers 4.x NezhaConfig() defaults (v5 dropped NEZHA). */
export const NEZHA_DEFAULTS: NezhaConfig = {
  ...BERT_DEFAULTS,
  model_type: 'nezha',
  vocab_size: 21128,
  max_relative_position: 64,
  classifier_dropout: 0.1,
  bos_token_id: 2,
  eos_token_id: 3,
};

/** transformers' ElectraConfig() defaults (ELECTRA-small's discriminator sizes). */
export const ELECTRA_DEFAULTS: ElectraConfig = {
  ...BERT_DEFAULTS,
  model_type: 'electra',
  embedding_size: 128,
  hidden_size: 256,
  num_attention_heads: 4,
  intermediate_size: 1024,
};

/** transformers' LayoutLMConfig() defaults (v5; BertConfig's sizes, 1024 rows per 2-D position table). */
export const LAYOUTLM_DEFAULTS: LayoutLMConfig = {
  ...COMMON_DEFAULTS,
  model_type: 'layoutlm',
  ...BERT_BASE_DEFAULTS,
  max_2d_position_embeddings: 1024,
};

/** transformers' AlbertConfig() defaults (ALBERT-xxlarge's sizes). */
export const ALBERT_DEFAULTS: AlbertConfig = {
  ...COMMON_DEFAULTS,
  model_type: 'albert',
  vocab_size: 30000,
  embedding_size: 128,
  hidden_size: 4096,
  num_hidden_layers: 12,
  num_hidden_groups: 1,
  num_attention_heads: 64,
  intermediate_size: 16384,
  inner_group_num: 1,
  hidden_act: 'gelu_new',
  hidden_dropout_prob: 0,
  attention_probs_dropout_prob: 0,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
  layer_norm_eps: 1e-12,
  classifier_dropout_prob: 0.1,
  pad_token_id: 0,
  bos_token_id: 2,
  eos_token_id: 3,
};

/**
 * transformers' T5Config() defaults (num_decoder_layers then follows num_layers). Note that v5
 * always ties T5's embeddings and reads tie_word_embeddings = false only as "do not scale the
 * decoder output by d_model^-0.5"; v4 unties them. Models we build keep the tied default.
 */
export const T5_DEFAULTS: T5Config = {
  ...COMMON_DEFAULTS,
  model_type: 't5',
  vocab_size: 32128,
  d_model: 512,
  d_kv: 64,
  d_ff: 2048,
  num_layers: 6,
  num_decoder_layers: 6,
  num_heads: 8,
  relative_attention_num_buckets: 32,
  relative_attention_max_distance: 128,
  dropout_rate: 0.1,
  layer_norm_epsilon: 1e-6,
  initializer_factor: 1.0,
  feed_forward_proj: 'relu',
  dense_act_fn: 'relu',
  is_gated_act: false,
  is_encoder_decoder: true,
  use_cache: true,
  pad_token_id: 0,
  eos_token_id: 1,
  classifier_dropout: 0.0,
  decoder_start_token_id: null,
};

/** transformers' XLMConfig() defaults (xlm-mlm-en-2048's sizes). */
export const XLM_DEFAULTS: XlmConfig = {
  ...COMMON_DEFAULTS,
  model_type: 'xlm',
  vocab_size: 30145,
  emb_dim: 2048,
  n_layers: 12,
  n_heads: 16,
  dropout: 0.1,
  attention_dropout: 0.1,
  gelu_activation: true,
  sinusoidal_embeddings: false,
  causal: false,
  asm: false,
  n_langs: 1,
  use_lang_emb: true,
  max_position_embeddings: 512,
  embed_init_std: 2048 ** -0.5,
  layer_norm_eps: 1e-12,
  init_std: 0.02,
  bos_index: 0,
  eos_index: 1,
  pad_index: 2,
  unk_index: 3,
  mask_index: 5,
  is_encoder: true,
  summary_type: 'first',
  summary_use_proj: true,
  summary_activation: null,
  summary_proj_to_labels: true,
  summary_first_dropout: 0.1,
  start_n_top: 5,
  end_n_top: 5,
  mask_token_id: 0,
  lang_id: 0,
  pad_token_id: 2,
  bos_token_id: 0,
};

export const DEFAULTS: { [T in ModelType]: Extract<ModelConfig, { model_type: T }> } = {
  gpt2: GPT2_DEFAULTS,
  bert: BERT_DEFAULTS,
  roberta: ROBERTA_DEFAULTS,
  albert: ALBERT_DEFAULTS,
  nezha: NEZHA_DEFAULTS,
  electra: ELECTRA_DEFAULTS,
  t5: T5_DEFAULTS,
  xlm: XLM_DEFAULTS,
  layoutlm: LAYOUTLM_DEFAULTS,
};


/** T5's "gated-gelu" means the tanh approximation, as in transformers' T5Config. */
export function t5FeedForward(feedForwardProj: string): { dense_act_fn: string; is_gated_act: boolean } {
  const parts = feedForwardProj.split('-');
  const isGated = parts.length === 2 && parts[0] === 'gated';
  const act = parts[parts.length - 1];
  return { dense_act_fn: isGated && act === 'gelu' ? 'gelu_new' : act, is_gated_act: isGated };
}

/** The sizes every family has, under their family-specific names. */
export interface CommonDimensions {
  vocabSize: number;
  width: number;
  layers: number;
  heads: number;
  headSize: number;
  mlpWidth: number;
  /** Longest input the position table allows; undefined for relative positions (T5). */
  maxPositions: number | undefined;
}

export function dimensionsOf(config: ModelConfig): CommonDimensions {
  const { vocabSize, width, layers, heads, headSize = width / heads, mlpWidth, maxPositions } = ownDimensionsOf(config);
  // In this order: `info --json` prints them so.
  return { vocabSize, width, layers, heads, headSize, mlpWidth, maxPositions };
}

/** The sizes as the family's config names them; the head size only where it is not width / heads (T5's d_kv). */
function ownDimensionsOf(config: ModelConfig): Omit<CommonDimensions, 'headSize'> & { headSize?: number } {
  switch (config.model_type) {
    case 'gpt2':
      return {
        vocabSize: config.vocab_size,
        width: config.n_embd,
        layers: config.n_layer,
        heads: config.n_head,
        mlpWidth: config.n_inner ?? 4 * config.n_embd,
        maxPositions: config.n_positions,
      };
    case 'bert':
    case 'nezha':
    case 'electra':
    case 'layoutlm':
      return bertStyleDimensionsOf(config);
    case 'roberta':
      // Positions start after pad_token_id (HF's create_position_ids_from_input_ids).
      return { ...bertStyleDimensionsOf(config), maxPositions: config.max_position_embeddings - (config.pad_token_id ?? 0) - 1 };
    case 'albert':
      // The layers run; the distinct parameters are fewer (num_hidden_groups × inner_group_num layers).
      return { ...bertStyleDimensionsOf(config), layers: config.num_hidden_layers * config.inner_group_num };
    case 'xlm':
      return {
        vocabSize: config.vocab_size,
        width: config.emb_dim,
        layers: config.n_layers,
        heads: config.n_heads,
        mlpWidth: 4 * config.emb_dim,
        maxPositions: config.max_position_embeddings,
      };
    case 't5':
      return {
        vocabSize: config.vocab_size,
        width: config.d_model,
        layers: config.num_layers,
        heads: config.num_heads,
        headSize: config.d_kv,
        mlpWidth: config.d_ff,
        maxPositions: undefined,
      };
  }
}

/** The sizes under the names BERT's config gives them, which its descendants keep. */
function bertStyleDimensionsOf(config: Extract<ModelConfig, BertStyleFields>): Omit<CommonDimensions, 'headSize'> {
  return {
    vocabSize: config.vocab_size,
    width: config.hidden_size,
    layers: config.num_hidden_layers,
    heads: config.num_attention_heads,
    mlpWidth: config.intermediate_size,
    maxPositions: config.max_position_embeddings,
  };
}

/**
 * HF's `config.num_labels`: the size of id2label, 2 when the config has none. One label would
 * mean regression (MSE loss), which we do not build.
 */
export function numLabels(cfg: Pick<CommonConfig, 'id2label'>): number {
  const n = cfg.id2label ? Object.keys(cfg.id2label).length : 2;
  if (n < 2) throw new Error(`sequence classification needs at least 2 labels in id2label, got ${n} (one label means regression, which is not supported)`);
  return n;
}

/** A finetuned classifier's config: its `architectures` names a `…ForSequenceClassification` class. */
export function isSequenceClassifier(cfg: Pick<CommonConfig, 'architectures'>): boolean {
  return !!cfg.architectures?.some((a) => a.endsWith('ForSequenceClassification'));
}
