/**
 * Checks a parsed `config.json` (or one built from command-line options) field by field and
 * across fields, filling HF defaults for absent fields. Every message names the source (the
 * file, or the command line) and the field (or the flag that set it), says what is wrong and
 * what value was found.
 */
import { InputError } from '../util/errors';
import {
  DEFAULTS,
  MODEL_TYPES,
  ModelConfig,
  ModelType,
  SUPPORTED_ACTIVATIONS,
  ACTIVATION_ALIASES,
  t5FeedForward,
  AlbertConfig,
  BertConfig,
  BertStyleFields,
  ElectraConfig,
  Gpt2Config,
  LayoutLMConfig,
  NezhaConfig,
  T5Config,
  XlmConfig,
} from './configs';

/** Upper limits far beyond any model this tool can train, to catch typos and corrupt files. */
// Published vocabularies stay under ~260k entries; a 1M-entry tokenizer.json already takes ~3 s and
// ~270 MB to load, and at 10M V8's JSON.parse stalls near its heap limit (issue #20), so 2^20 it is.
const MAX_VOCAB = 1 << 20;
const MAX_WIDTH = 1 << 16;
const MAX_LAYERS = 1024;
const MAX_HEADS = 1024;
const MAX_POSITIONS = 1 << 20;

type Rule =
  | { kind: 'int'; min: number; max: number; nullable?: boolean }
  | { kind: 'number'; min: number; max: number; maxExclusive?: boolean; minExclusive?: boolean; nullable?: boolean }
  | { kind: 'bool'; onlyFalse?: boolean }
  | { kind: 'string'; nullable?: boolean }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'strings' }
  | { kind: 'id2label' }
  | { kind: 'label2id' }
  | { kind: 'constant' };

/** One rule per field of the config type; the compiler insists none is forgotten. */
type Rules<C> = { [K in keyof C]-?: Rule };

const size = (max: number): Rule => ({ kind: 'int', min: 1, max });
const probability: Rule = { kind: 'number', min: 0, max: 1, maxExclusive: true };
const epsilon: Rule = { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true };
const positiveScale: Rule = { kind: 'number', min: 0, max: 100, minExclusive: true };
// Token ids are checked against vocab_size across fields.
const tokenId: Rule = { kind: 'int', min: 0, max: MAX_VOCAB - 1, nullable: true };
/** XLM's *_index fields: token ids that must be present. */
const tokenIndex: Rule = { kind: 'int', min: 0, max: MAX_VOCAB - 1 };
const activation: Rule = { kind: 'oneOf', values: SUPPORTED_ACTIVATIONS };
const bool: Rule = { kind: 'bool' };
/** HF features our graphs do not implement: accepted only when switched off. */
const unsupportedFeature: Rule = { kind: 'bool', onlyFalse: true };

const COMMON_RULES = {
  architectures: { kind: 'strings' },
  tie_word_embeddings: bool,
  pad_token_id: tokenId,
  bos_token_id: tokenId,
  eos_token_id: tokenId,
  id2label: { kind: 'id2label' },
  label2id: { kind: 'label2id' },
  torch_dtype: { kind: 'string' },
  model_type: { kind: 'constant' },
  vocab_size: size(MAX_VOCAB),
} as const satisfies Record<string, Rule>;

const GPT2_RULES: Rules<Gpt2Config> = {
  ...COMMON_RULES,
  n_positions: size(MAX_POSITIONS),
  n_embd: size(MAX_WIDTH),
  n_layer: size(MAX_LAYERS),
  n_head: size(MAX_HEADS),
  n_inner: { kind: 'int', min: 1, max: 4 * MAX_WIDTH, nullable: true },
  activation_function: activation,
  resid_pdrop: probability,
  embd_pdrop: probability,
  attn_pdrop: probability,
  layer_norm_epsilon: epsilon,
  initializer_range: positiveScale,
  scale_attn_weights: bool,
  scale_attn_by_inverse_layer_idx: bool,
  reorder_and_upcast_attn: bool,
  use_cache: bool,
  add_cross_attention: unsupportedFeature,
  summary_type: { kind: 'string' },
  summary_use_proj: bool,
  summary_activation: { kind: 'string', nullable: true },
  summary_proj_to_labels: bool,
  summary_first_dropout: probability,
};

/** The activation, dropouts, positions, segments and initialisation rules BERT and ALBERT share. */
const BERT_STYLE_RULES: Rules<BertStyleFields> = {
  hidden_act: activation,
  hidden_dropout_prob: probability,
  attention_probs_dropout_prob: probability,
  max_position_embeddings: size(MAX_POSITIONS),
  type_vocab_size: size(MAX_VOCAB),
  initializer_range: positiveScale,
  layer_norm_eps: epsilon,
};

/** The common rules plus BERT's sizes and BERT_STYLE_RULES: what BERT and LayoutLM configs both check. */
const BERT_BASE_RULES = {
  ...COMMON_RULES,
  hidden_size: size(MAX_WIDTH),
  num_hidden_layers: size(MAX_LAYERS),
  num_attention_heads: size(MAX_HEADS),
  intermediate_size: size(4 * MAX_WIDTH),
  ...BERT_STYLE_RULES,
} satisfies Partial<Rules<BertConfig>> & Partial<Rules<LayoutLMConfig>>;

const BERT_RULES: Rules<BertConfig> = {
  ...BERT_BASE_RULES,
  position_embedding_type: { kind: 'oneOf', values: ['absolute'] },
  classifier_dropout: { ...probability, nullable: true },
  is_decoder: unsupportedFeature,
  add_cross_attention: unsupportedFeature,
  use_cache: bool,
};

const { position_embedding_type: _absoluteOnly, ...BERT_ENCODER_RULES } = BERT_RULES;
const NEZHA_RULES: Rules<NezhaConfig> = {
  ...BERT_ENCODER_RULES,
  max_relative_position: size(MAX_POSITIONS),
};

const ELECTRA_RULES: Rules<ElectraConfig> = {
  ...BERT_RULES,
  embedding_size: size(MAX_WIDTH),
  generator_hidden_size: size(MAX_WIDTH),
};

// Boxes index the 2-D tables with values up to 1000 (LayoutLM's page scale), so 1001 rows at least.
const LAYOUTLM_RULES: Rules<LayoutLMConfig> = {
  ...BERT_BASE_RULES,
  use_cache: bool,
  max_2d_position_embeddings: { kind: 'int', min: 1001, max: MAX_POSITIONS },
};

const ALBERT_RULES: Rules<AlbertConfig> = {
  ...COMMON_RULES,
  embedding_size: size(MAX_WIDTH),
  hidden_size: size(MAX_WIDTH),
  num_hidden_layers: size(MAX_LAYERS),
  num_hidden_groups: size(MAX_LAYERS),
  num_attention_heads: size(MAX_HEADS),
  intermediate_size: size(4 * MAX_WIDTH),
  inner_group_num: size(MAX_LAYERS),
  ...BERT_STYLE_RULES,
  classifier_dropout_prob: probability,
  position_embedding_type: { kind: 'oneOf', values: ['absolute'] },
};

const T5_RULES: Rules<T5Config> = {
  ...COMMON_RULES,
  d_model: size(MAX_WIDTH),
  d_kv: size(MAX_WIDTH),
  d_ff: size(4 * MAX_WIDTH),
  num_layers: size(MAX_LAYERS),
  num_decoder_layers: size(MAX_LAYERS),
  num_heads: size(MAX_HEADS),
  relative_attention_num_buckets: { kind: 'int', min: 2, max: 1024 },
  relative_attention_max_distance: size(MAX_POSITIONS),
  dropout_rate: probability,
  classifier_dropout: probability,
  layer_norm_epsilon: epsilon,
  initializer_factor: positiveScale,
  feed_forward_proj: { kind: 'string' },
  dense_act_fn: activation,
  is_gated_act: bool,
  is_encoder_decoder: bool,
  decoder_start_token_id: tokenId,
  use_cache: bool,
  n_positions: size(MAX_POSITIONS),
};

const XLM_RULES: Rules<XlmConfig> = {
  ...COMMON_RULES,
  emb_dim: size(MAX_WIDTH),
  n_layers: size(MAX_LAYERS),
  n_heads: size(MAX_HEADS),
  dropout: probability,
  attention_dropout: probability,
  gelu_activation: bool,
  sinusoidal_embeddings: bool,
  causal: unsupportedFeature,
  asm: unsupportedFeature,
  n_langs: size(MAX_VOCAB),
  use_lang_emb: bool,
  max_position_embeddings: size(MAX_POSITIONS),
  embed_init_std: positiveScale,
  init_std: positiveScale,
  layer_norm_eps: epsilon,
  bos_index: tokenIndex,
  eos_index: tokenIndex,
  pad_index: tokenIndex,
  unk_index: tokenIndex,
  mask_index: tokenIndex,
  is_encoder: bool,
  // 'first' is what XLMForSequenceClassification uses; the others are not built.
  summary_type: { kind: 'oneOf', values: ['first'] },
  summary_use_proj: bool,
  summary_activation: { kind: 'string', nullable: true },
  summary_proj_to_labels: bool,
  summary_first_dropout: probability,
  start_n_top: size(MAX_VOCAB),
  end_n_top: size(MAX_VOCAB),
  mask_token_id: tokenIndex,
  lang_id: { kind: 'int', min: 0, max: MAX_VOCAB - 1 },
  lang2id: { kind: 'label2id' },
  id2lang: { kind: 'id2label' },
};

// RoBERTa's fields are BERT's (RobertaConfig subclasses BertConfig).
const RULES: Record<ModelType, Record<string, Rule>> = { gpt2: GPT2_RULES, bert: BERT_RULES, roberta: BERT_RULES, nezha: NEZHA_RULES, albert: ALBERT_RULES, electra: ELECTRA_RULES, t5: T5_RULES, layoutlm: LAYOUTLM_RULES, xlm: XLM_RULES };

/** A config that cannot be used; names the source and the field. */
export class ConfigError extends InputError {
  constructor(readonly source: string, readonly field: string | undefined, problem: string) {
    super(`${source}: ${problem}`);
  }
}

export interface ValidateOptions {
  /**
   * How to name a field in messages when it did not come from a file, e.g. n_head → "--heads"
   * for a config built from command-line options.
   */
  fieldNames?: Partial<Record<string, string>>;
}

/**
 * Validates `json` as a config.json and returns it with HF defaults filled in. Fields not known
 * here are kept as they are. `source` names where it came from (usually the file path).
 */
export function parseConfig(json: unknown, source: string, options: ValidateOptions = {}): ModelConfig {
  const fail = (field: string | undefined, problem: string): never => {
    throw new ConfigError(source, field, problem);
  };
  const name = (field: string) => options.fieldNames?.[field] ?? field;
  const show = (field: string, value: unknown) =>
    options.fieldNames?.[field] ? `${options.fieldNames[field]} ${describeValue(value)}` : `${field} = ${describeValue(value)}`;

  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail(undefined, `must be a JSON object, but it is ${describeValue(json)}`);
  }
  const given = json as Record<string, unknown>;
  const modelType = given.model_type;
  if (modelType === undefined) {
    return fail('model_type', `model_type is missing; Pretrain Lab reads configs of model_type ${MODEL_TYPES.join(', ')}`);
  }
  if (!MODEL_TYPES.includes(modelType as ModelType)) {
    return fail('model_type', `model_type ${describeValue(modelType)} is not supported (supported: ${MODEL_TYPES.join(', ')})`);
  }
  const type = modelType as ModelType;
  const merged: Record<string, unknown> = { ...DEFAULTS[type], ...given };
  if (type === 't5') fillT5Derived(merged, given);

  for (const [field, rule] of Object.entries(RULES[type])) {
    if (rule === activation && typeof merged[field] === 'string' && Object.hasOwn(ACTIVATION_ALIASES, merged[field] as string)) {
      merged[field] = ACTIVATION_ALIASES[merged[field] as string];
    }
    const value = merged[field];
    if (value === undefined) continue; // an optional field without a default
    const problem = checkRule(rule, value);
    if (problem) fail(field, `${name(field)} ${problem}, got ${describeValue(value)}`);
  }
  const config = merged as unknown as ModelConfig;
  checkAcrossFields(config, fail, show);
  return config;
}

/** num_decoder_layers defaults to num_layers; the activation fields follow feed_forward_proj. */
function fillT5Derived(merged: Record<string, unknown>, given: Record<string, unknown>): void {
  if (given.num_decoder_layers === undefined || given.num_decoder_layers === null) merged.num_decoder_layers = merged.num_layers;
  if (typeof merged.feed_forward_proj === 'string') {
    const derived = t5FeedForward(merged.feed_forward_proj);
    if (given.dense_act_fn === undefined) merged.dense_act_fn = derived.dense_act_fn;
    if (given.is_gated_act === undefined) merged.is_gated_act = derived.is_gated_act;
  }
}

function checkRule(rule: Rule, value: unknown): string | undefined {
  if (value === null) {
    return 'nullable' in rule && rule.nullable ? undefined : 'must not be null';
  }
  switch (rule.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
      if (value < rule.min || value > rule.max) return `must be an integer from ${rule.min} to ${rule.max}`;
      return undefined;
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      const low = rule.minExclusive ? value <= rule.min : value < rule.min;
      const high = rule.maxExclusive ? value >= rule.max : value > rule.max;
      if (low || high) {
        return `must be ${rule.minExclusive ? 'above' : 'at least'} ${rule.min} and ${rule.maxExclusive ? 'below' : 'at most'} ${rule.max}`;
      }
      return undefined;
    }
    case 'bool':
      if (typeof value !== 'boolean') return 'must be true or false';
      return rule.onlyFalse && value ? 'must be false: Pretrain Lab does not support this feature' : undefined;
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'oneOf':
      return rule.values.includes(value as string) ? undefined : `must be one of ${rule.values.join(', ')}`;
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of strings';
    case 'id2label':
      return isRecordOf(value, (k, v) => /^(0|[1-9]\d*)$/.test(k) && typeof v === 'string')
        ? undefined
        : 'must map class indices ("0", "1", …) to label strings';
    case 'label2id':
      return isRecordOf(value, (_, v) => Number.isInteger(v) && (v as number) >= 0)
        ? undefined
        : 'must map label strings to class indices';
    case 'constant':
      return undefined;
  }
}

type Fail = (field: string | undefined, problem: string) => never;
type Show = (field: string, value: unknown) => string;

function checkAcrossFields(config: ModelConfig, fail: Fail, show: Show): void {
  const fields = config as unknown as Record<string, number>;
  const headsDivide = (width: string, heads: string) => {
    if (fields[width] % fields[heads] !== 0) {
      fail(heads, `${show(heads, fields[heads])} does not divide ${show(width, fields[width])}: every head must get the same share of the width`);
    }
  };
  if (config.model_type === 'gpt2') headsDivide('n_embd', 'n_head');
  if (config.model_type === 'bert' || config.model_type === 'roberta' || config.model_type === 'nezha' || config.model_type === 'layoutlm') headsDivide('hidden_size', 'num_attention_heads');
  if (config.model_type === 'xlm') headsDivide('emb_dim', 'n_heads');
  if (config.model_type === 'albert') checkAlbert(config, fail, show);
  if (config.model_type === 'electra') checkElectra(config, fail, show);
  if (config.model_type === 't5') checkT5(config, fail, show);
  if (config.model_type === 'xlm') checkXlm(config, fail, show);

  const tokenFields = ['pad_token_id', 'bos_token_id', 'eos_token_id', 'decoder_start_token_id'];
  for (const field of tokenFields) {
    const id = fields[field];
    if (typeof id === 'number' && id >= config.vocab_size) {
      fail(field, `${show(field, id)} is not a token of the vocabulary (${show('vocab_size', config.vocab_size)})`);
    }
  }
  checkLabels(config, fail);
}

function checkElectra(config: ElectraConfig, fail: Fail, show: Show): void {
  if (config.hidden_size % config.num_attention_heads !== 0) {
    fail('num_attention_heads', `${show('num_attention_heads', config.num_attention_heads)} does not divide ${show('hidden_size', config.hidden_size)}: every head must get the same share of the width`);
  }
  // The paper's generators are smaller than their discriminators; a wider one learns to fool it rather than to teach it.
  const generator = config.generator_hidden_size;
  if (generator !== undefined && generator > config.hidden_size) {
    fail('generator_hidden_size', `${show('generator_hidden_size', generator)} is wider than the discriminator (${show('hidden_size', config.hidden_size)}): ELECTRA's generator must be at most as wide, a quarter by default`);
  }
}

function checkAlbert(config: AlbertConfig, fail: Fail, show: Show): void {
  if (config.hidden_size % config.num_attention_heads !== 0) {
    fail('num_attention_heads', `${show('num_attention_heads', config.num_attention_heads)} does not divide ${show('hidden_size', config.hidden_size)}: every head must get the same share of the width`);
  }
  // HF's layer-to-group rule floor(i / (layers / groups)) reaches every group only when groups ≤ layers.
  if (config.num_hidden_groups > config.num_hidden_layers) {
    fail('num_hidden_groups', `${show('num_hidden_groups', config.num_hidden_groups)} exceeds ${show('num_hidden_layers', config.num_hidden_layers)}: each group is a set of layers the model runs`);
  }
}

function checkT5(config: T5Config, fail: Fail, show: Show): void {
  const proj = config.feed_forward_proj;
  const parts = proj.split('-');
  const wellFormed = parts.length === 1 || (parts.length === 2 && parts[0] === 'gated');
  if (!wellFormed || !(SUPPORTED_ACTIVATIONS as readonly string[]).includes(parts[parts.length - 1])) {
    fail('feed_forward_proj', `${show('feed_forward_proj', proj)} is not supported: use ACT or gated-ACT with ACT one of ${SUPPORTED_ACTIVATIONS.join(', ')}`);
  }
  const derived = t5FeedForward(proj);
  if (config.dense_act_fn !== derived.dense_act_fn || config.is_gated_act !== derived.is_gated_act) {
    fail('dense_act_fn', `dense_act_fn = ${describeValue(config.dense_act_fn)} and is_gated_act = ${config.is_gated_act} disagree with ${show('feed_forward_proj', proj)}`);
  }
  if (config.decoder_start_token_id === null) {
    fail('decoder_start_token_id', 'decoder_start_token_id is missing; T5 starts decoding with it (set it to pad_token_id, usually 0)');
  }
  // The relative-position buckets grow logarithmically from num_buckets / 2 up to the maximum
  // distance; a maximum within the exact range divides by log(1) = 0.
  if (config.relative_attention_max_distance <= config.relative_attention_num_buckets / 2) {
    fail(
      'relative_attention_max_distance',
      `${show('relative_attention_max_distance', config.relative_attention_max_distance)} must exceed half of ${show('relative_attention_num_buckets', config.relative_attention_num_buckets)}`,
    );
  }
}

function checkXlm(config: XlmConfig, fail: Fail, show: Show): void {
  if (!config.is_encoder) fail('is_encoder', 'is_encoder = false is not supported: XLM is only an encoder (as in transformers)');
  for (const field of ['bos_index', 'eos_index', 'pad_index', 'unk_index', 'mask_index', 'mask_token_id'] as const) {
    if (config[field] >= config.vocab_size) fail(field, `${show(field, config[field])} is not a token of the vocabulary (${show('vocab_size', config.vocab_size)})`);
  }
  if (config.lang_id >= config.n_langs) fail('lang_id', `${show('lang_id', config.lang_id)} is not one of the ${show('n_langs', config.n_langs)} languages`);
  for (const [name, id] of Object.entries(config.lang2id ?? {})) {
    if (id >= config.n_langs) fail('lang2id', `lang2id gives '${name}' the id ${id}, but there are only ${show('n_langs', config.n_langs)} languages`);
  }
}

function checkLabels(config: ModelConfig, fail: Fail): void {
  const { id2label, label2id } = config;
  if (!id2label || !label2id) return;
  const ids = Object.keys(id2label);
  const consistent =
    ids.length === Object.keys(label2id).length && ids.every((id) => label2id[id2label[id]] === Number(id));
  if (!consistent) fail('label2id', 'id2label and label2id do not describe the same labels');
}

function isRecordOf(value: unknown, check: (key: string, item: unknown) => boolean): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(([k, v]) => check(k, v));
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
