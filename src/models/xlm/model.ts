/**
 * XLM exactly as Hugging Face `XLMModel` / `XLMWithLMHeadModel` / `XLMForSequenceClassification`
 * define it (transformers/models/xlm/modeling_xlm.py), parameters under `transformer.`:
 *   - embeddings: word (`embeddings`, padding_idx = pad_index) + position (`position_embeddings`,
 *     learned, or the fixed sinusoidal table when sinusoidal_embeddings) + language
 *     (`lang_embeddings`, when n_langs > 1 and use_lang_emb) [+ word embeddings of token_type_ids,
 *     as HF does when they are given], then `layer_norm_emb`, dropout, and the hidden states
 *     multiplied by the padding mask;
 *   - post-LayerNorm layers: `attentions.{i}.{q,k,v,out}_lin`, residual → `layer_norm1.{i}`,
 *     `ffns.{i}.lin1` → gelu (relu when not gelu_activation) → `lin2`, residual →
 *     `layer_norm2.{i}`, then the padding mask again;
 *   - heads: `pred_layer.proj` (tied to `transformer.embeddings.weight`, own bias; asm = false)
 *     and `sequence_summary.summary` on the first token (SequenceSummary, summary_type "first").
 * Absent inputs take HF's defaults, except `langs`: absent, every token is in the folder's
 * default language (config.lang_id, our text language), where HF would add no language
 * embedding; Pretrain Lab's graphs and exports always add one, so that training and inference agree.
 * Legend: B batch, T tokens, C width (emb_dim), H heads, D = C/H, V vocabulary, L labels, P positions.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation, type ActivationName } from '../../nn/activations';
import { attend, mergeHeads, paddingBias, splitHeads } from '../../nn/attention';
import { type Dropout, noDropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import type { ParamSource } from '../../nn/params';
import { numLabels, SUPPORTED_ACTIVATIONS, type XlmConfig } from '../configs';
import type { GraphOptions, LmInputs } from '../family';
import { hfLayerNorm, hfLinear } from '../hf-layers';
import { usesLanguageEmbeddings } from './languages';

export const XLM_PREFIX = 'transformer';

export interface XlmBuildOptions extends GraphOptions {
  /** The MLP's activation instead of the config's: float64 gradient checks only (ONNX Runtime has no float64 Erf). */
  activation?: ActivationName;
}

export interface XlmOutputs {
  /** (B, T, V) for the masked LM, (B, L) for sequence classification. */
  logits: Value;
  attentions: Value[]; // per layer (B, H, T, T)
}

export interface XlmEncoderOutputs {
  hidden: Value; // (B, T, C) last layer, zero at padding
  attentions: Value[]; // per layer (B, H, T, T)
}

const name = (n: string) => `${XLM_PREFIX}.${n}`;

/** `XLMModel`: embeddings and the post-LayerNorm layers. */
export function xlmEncoder(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, inputs: LmInputs, options: XlmBuildOptions = {}): XlmEncoderOutputs {
  const dtype = options.dtype ?? 'float32';
  const drop = options.dropout ?? noDropout;
  const C = cfg.emb_dim;
  const H = cfg.n_heads;
  const dense = (n: string, x: Value, inW: number, outW: number) => hfLinear(g, params, name(n), x, inW, outW, cfg.init_std);
  const norm = (n: string, x: Value) => hfLayerNorm(g, params, name(n), x, C, cfg.layer_norm_eps);

  // HF's mask: attention_mask, else the tokens that are not pad_index.
  const keep = g.cast(inputs.attentionMask ?? g.not(g.equal(inputs.inputIds, cfg.pad_index)), dtype); // (B, T) 1 = real token
  const zeroPadding = (x: Value) => g.mul(x, g.unsqueeze(keep, [2])); // (B, T, C)
  let x = g.scope('embeddings', () => zeroPadding(drop.apply(g, norm('layer_norm_emb', embeddingSum(g, params, cfg, inputs, dtype)), cfg.dropout)));
  const bias = paddingBias(g, keep, dtype); // (B, 1, 1, T)
  const act = options.activation ?? (cfg.gelu_activation ? 'gelu' : 'relu');

  const attentions: Value[] = [];
  for (let i = 0; i < cfg.n_layers; i++) {
    g.scope(`layer.${i}`, () => {
      const [q, k, v] = (['q_lin', 'k_lin', 'v_lin'] as const).map((p) => splitHeads(g, dense(`attentions.${i}.${p}`, x, C, C), H)); // (B, H, T, D)
      const { context, probs } = attend(g, q, k, v, 1 / Math.sqrt(C / H), bias, (p) => drop.apply(g, p, cfg.attention_dropout));
      attentions.push(probs);
      const attnOut = dense(`attentions.${i}.out_lin`, mergeHeads(g, context), C, C); // (B, T, C)
      x = norm(`layer_norm1.${i}`, g.add(x, drop.apply(g, attnOut, cfg.dropout)));
      const ffn = dense(`ffns.${i}.lin2`, activation(g, dense(`ffns.${i}.lin1`, x, C, 4 * C), act), 4 * C, C); // (B, T, C)
      x = zeroPadding(norm(`layer_norm2.${i}`, g.add(x, drop.apply(g, ffn, cfg.dropout))));
    });
  }
  return { hidden: x, attentions };
}

/** Word + position (+ language) (+ token-type) embeddings, before layer_norm_emb. */
// → (B, T, C)
function embeddingSum(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, inputs: LmInputs, dtype: 'float32' | 'float64'): Value {
  const C = cfg.emb_dim;
  const embedInit = { kind: 'normal', std: cfg.embed_init_std } as const;
  // Created in HF's module order (positions, languages, words): parameter order fixes the initial weights of a seed.
  const positions = cfg.sinusoidal_embeddings ? sinusoidalTable(g, cfg.max_position_embeddings, C, dtype) : params.param(name('position_embeddings.weight'), [cfg.max_position_embeddings, C], embedInit);
  const languages = usesLanguageEmbeddings(cfg) ? params.param(name('lang_embeddings.weight'), [cfg.n_langs, C], embedInit) : undefined;
  // nn.Embedding(padding_idx=pad_index) starts the padding token's vector at zero.
  const words = params.param(name('embeddings.weight'), [cfg.vocab_size, C], { ...embedInit, zeroRow: cfg.pad_index });

  let sum = g.add(g.gather(words, inputs.inputIds), g.gather(positions, inputs.positionIds ?? positionIds(g, inputs.inputIds, cfg.max_position_embeddings)));
  if (languages) sum = g.add(sum, g.gather(languages, inputs.langs ?? g.ints([cfg.lang_id]))); // (B, T, C) or (1, C)
  // HF adds the WORD embeddings of token_type_ids when they are given (XLM has no segment table).
  if (inputs.tokenTypeIds) sum = g.add(sum, g.gather(words, inputs.tokenTypeIds));
  return sum;
}

/** Positions 0…T-1, known at build time when T is, else computed at run time. */
// (B, T) → (T,)
function positionIds(g: GraphBuilder, inputIds: Value, maxPositions: number): Value {
  const T = inputIds.shape[1];
  if (typeof T === 'number') {
    if (T > maxPositions) throw new Error(`XLM: ${T} tokens do not fit max_position_embeddings = ${maxPositions}`);
    return g.ints([...Array(T).keys()]);
  }
  return g.range(g.scalar(0, 'int64'), g.gather(g.shape(inputIds), g.scalar(1, 'int64')), g.scalar(1, 'int64'));
}

/**
 * HF's create_sinusoidal_embeddings: row p, column j is sin (j even) or cos (j odd) of
 * p / 10000^(2⌊j/2⌋ / C). A constant: HF never trains it (requires_grad = False).
 */
// → (P, C)
export function sinusoidalPositions(rows: number, dim: number): Float64Array {
  const table = new Float64Array(rows * dim);
  for (let p = 0; p < rows; p++) {
    for (let j = 0; j < dim; j++) {
      const angle = p / Math.pow(10000, (2 * Math.floor(j / 2)) / dim);
      table[p * dim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

function sinusoidalTable(g: GraphBuilder, rows: number, dim: number, dtype: 'float32' | 'float64'): Value {
  const table = sinusoidalPositions(rows, dim);
  return g.constant({ dtype, shape: [rows, dim], data: dtype === 'float32' ? Float32Array.from(table) : table }, 'sinusoidal_positions');
}

/** `pred_layer.proj`: the masked-LM projection, its weight the word embeddings when tied. */
// hidden (B, T, C) → logits (B, T, V)
export function xlmPredLayer(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, hidden: Value): Value {
  const shape = [cfg.vocab_size, cfg.emb_dim];
  // Tied: the same tensor as the word embeddings (HF saves it once, under the embedding's name).
  const weight = cfg.tie_word_embeddings
    ? params.param(name('embeddings.weight'), shape, { kind: 'normal', std: cfg.embed_init_std, zeroRow: cfg.pad_index })
    : params.param('pred_layer.proj.weight', shape, { kind: 'normal', std: cfg.init_std });
  return linear(g, hidden, weight, params.param('pred_layer.proj.bias', [cfg.vocab_size], { kind: 'zeros' }), 'out_in');
}

/** HF `XLMWithLMHeadModel`. */
export function buildXlmWithLMHead(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, inputs: LmInputs, options: XlmBuildOptions = {}): XlmOutputs {
  const { hidden, attentions } = xlmEncoder(g, params, cfg, inputs, options);
  return { logits: g.scope('pred_layer', () => xlmPredLayer(g, params, cfg, hidden)), attentions };
}

/** HF `XLMForSequenceClassification`: `sequence_summary` (SequenceSummary) on the first token. */
export function buildXlmForSequenceClassification(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, inputs: LmInputs, options: XlmBuildOptions = {}): XlmOutputs {
  const { hidden, attentions } = xlmEncoder(g, params, cfg, inputs, options);
  return { logits: g.scope('sequence_summary', () => sequenceSummary(g, params, cfg, hidden, options.dropout ?? noDropout)), attentions };
}

/** SequenceSummary with summary_type "first": first-token vector → dropout → summary Linear → activation. */
// hidden (B, T, C) → logits (B, L)
function sequenceSummary(g: GraphBuilder, params: ParamSource, cfg: XlmConfig, hidden: Value, drop: Dropout): Value {
  if (!cfg.summary_use_proj || !cfg.summary_proj_to_labels) throw new Error('XLM sequence classification needs summary_use_proj and summary_proj_to_labels (a projection to the labels)');
  const first = g.squeeze(g.slice(hidden, [0], [1], [1]), [1]); // (B, C)
  const projected = hfLinear(g, params, 'sequence_summary.summary', drop.apply(g, first, cfg.summary_first_dropout), cfg.emb_dim, numLabels(cfg), cfg.init_std);
  return summaryActivation(g, projected, cfg.summary_activation);
}

function summaryActivation(g: GraphBuilder, x: Value, name: string | null): Value {
  if (name === null) return x;
  if (name === 'tanh') return g.tanh(x);
  if ((SUPPORTED_ACTIVATIONS as readonly string[]).includes(name)) return activation(g, x, name as ActivationName);
  throw new Error(`summary_activation "${name}" is not supported (tanh, ${SUPPORTED_ACTIVATIONS.join(', ')} or none)`);
}
