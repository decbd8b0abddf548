/**
 * BERT exactly as Hugging Face `BertModel` defines it: word + position + token-type embeddings
 * summed and LayerNorm-ed, then post-LayerNorm encoder layers (self-attention with separate
 * q/k/v nn.Linear projections stored [out, in], residual → LayerNorm; MLP `intermediate` →
 * `output`, residual → LayerNorm). Bidirectional attention, masked only at padded keys.
 * The heads (masked LM, sequence classification) are in bert-heads.ts.
 * Legend: B batch, T tokens, C width (hidden_size), H heads, D = C/H head size, I MLP width,
 * V vocabulary, L labels.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation } from '../../nn/activations';
import { attend, type AttentionResult, mergeHeads, paddingBias, splitHeads } from '../../nn/attention';
import { type Dropout, noDropout } from '../../nn/dropout';
import type { ParamSource } from '../../nn/params';
import { bertClassifierHead, bertMaskedLmHead } from './heads';
import type { BertConfig, BertLikeConfig } from '../configs';
import { hfLayerNorm, hfLinear } from '../hf-layers';

export interface BertInputs {
  inputIds: Value; // (B, T) int32/int64
  /** (B, T) 1 = real token, 0 = padding; absent means no padding. */
  attentionMask?: Value;
  /** (B, T) segment ids; absent means all 0 (HF's default). */
  tokenTypeIds?: Value;
  /** (B, T) rows of the position table, as HF's `position_ids`; absent: the variant's own (0…T-1 for BERT). */
  positionIds?: Value;
}

export interface BertBuildOptions {
  dtype?: 'float32' | 'float64';
  dropout?: Dropout;
}

/** Scaled dot-product attention of one layer: q, k, v (B, H, T, D) → context (B, H, T, D), probs (B, H, T, T). */
export type AttendFn = (q: Value, k: Value, v: Value, scale: number, bias?: Value, dropProbs?: (probs: Value) => Value) => AttentionResult;

/** What an encoder built on BERT's (RoBERTa, NEZHA) changes: its HF base-model name and how it knows positions. */
export interface BertEncoderVariant {
  /** Name prefix of the encoder's parameters (HF's base-model attribute). */
  prefix: string;
  /** (B, T) input ids → position ids, (T,) or (B, T); absent: no absolute position embeddings (NEZHA). */
  positionIds?(g: GraphBuilder, inputIds: Value, cfg: BertLikeConfig): Value;
  /** The attention every layer uses, built once per encoder (NEZHA's relative positions); plain `attend` when absent. */
  attention?(g: GraphBuilder, inputIds: Value, cfg: BertLikeConfig, dtype: 'float32' | 'float64'): AttendFn;
  /**
   * ELECTRA: where the embedding tables live (a generator uses its discriminator's) and their
   * width; a width other than hidden_size is projected by `<prefix>.embeddings_project`.
   */
  embeddings?: { prefix: string; size: number };
  /**
   * LayoutLM: embeddings summed with the words, positions and token types (its 2-D box
   * embeddings), (B, T, E) or (1, E); their tables are made after the position table, as HF makes them.
   */
  extraEmbeddings?(g: GraphBuilder, params: ParamSource, cfg: BertLikeConfig): Value;
}

/** BERT itself: `bert.` names, positions 0…T-1. */
export const BERT_VARIANT = {
  prefix: 'bert',
  positionIds: (g: GraphBuilder, inputIds: Value, cfg: BertLikeConfig) => positionIds(g, inputIds, cfg.max_position_embeddings),
} satisfies BertEncoderVariant;

export interface BertOutputs {
  /** (B, T, V) for masked LM, (B, L) for sequence classification. */
  logits: Value;
  attentions: Value[]; // per layer (B, H, T, T)
}

export interface BertEncoderOutputs {
  hidden: Value; // (B, T, C) last layer
  attentions: Value[]; // per layer (B, H, T, T)
}

/** `BertModel` without its pooler: embeddings and encoder under the variant's prefix (`bert.`). */
export function bertEncoder(g: GraphBuilder, params: ParamSource, cfg: BertLikeConfig, inputs: BertInputs, options: BertBuildOptions = {}, variant: BertEncoderVariant = BERT_VARIANT): BertEncoderOutputs {
  const dtype = options.dtype ?? 'float32';
  const drop = options.dropout ?? noDropout;
  const C = cfg.hidden_size;
  const H = cfg.num_attention_heads;
  const std = cfg.initializer_range;
  const eps = cfg.layer_norm_eps;
  const name = (n: string) => `${variant.prefix}.${n}`;
  const dense = (n: string, x: Value, inW: number, outW: number) => hfLinear(g, params, name(n), x, inW, outW, std);
  const norm = (n: string, x: Value) => hfLayerNorm(g, params, name(n), x, C, eps);

  const E = variant.embeddings?.size ?? C;
  const embeddingNorm = (x: Value) => hfLayerNorm(g, params, `${variant.embeddings?.prefix ?? variant.prefix}.embeddings.LayerNorm`, x, E, eps);
  let x = g.scope('embeddings', () => drop.apply(g, embeddingNorm(embeddingSum(g, params, cfg, inputs, variant)), cfg.hidden_dropout_prob)); // (B, T, E)
  if (E !== C) x = dense('embeddings_project', x, E, C); // (B, T, C)
  const bias = inputs.attentionMask ? paddingBias(g, inputs.attentionMask, dtype) : undefined; // (B, 1, 1, T)
  const attendLayer: AttendFn = variant.attention?.(g, inputs.inputIds, cfg, dtype) ?? ((q, k, v, scale, b, dropProbs) => attend(g, q, k, v, scale, b, dropProbs));

  const attentions: Value[] = [];
  for (let i = 0; i < cfg.num_hidden_layers; i++) {
    g.scope(`layer.${i}`, () => {
      const l = `encoder.layer.${i}`;
      const [q, k, v] = (['query', 'key', 'value'] as const).map((p) => splitHeads(g, dense(`${l}.attention.self.${p}`, x, C, C), H)); // (B, H, T, D)
      const dropProbs = (probs: Value) => drop.apply(g, probs, cfg.attention_probs_dropout_prob);
      const { context, probs } = attendLayer(q, k, v, 1 / Math.sqrt(C / H), bias, dropProbs);
      attentions.push(probs);
      const attnOut = dense(`${l}.attention.output.dense`, mergeHeads(g, context), C, C); // (B, T, C)
      x = norm(`${l}.attention.output.LayerNorm`, g.add(drop.apply(g, attnOut, cfg.hidden_dropout_prob), x));

      const inner = activation(g, dense(`${l}.intermediate.dense`, x, C, cfg.intermediate_size), cfg.hidden_act); // (B, T, I)
      const out = dense(`${l}.output.dense`, inner, cfg.intermediate_size, C); // (B, T, C)
      x = norm(`${l}.output.LayerNorm`, g.add(drop.apply(g, out, cfg.hidden_dropout_prob), x));
    });
  }
  return { hidden: x, attentions };
}

/** word + position + token-type embeddings, before their LayerNorm. */
// → (B, T, C)
function embeddingSum(g: GraphBuilder, params: ParamSource, cfg: BertLikeConfig, inputs: BertInputs, variant: BertEncoderVariant): Value {
  const C = variant.embeddings?.size ?? cfg.hidden_size;
  const prefix = variant.embeddings?.prefix ?? variant.prefix;
  const normal = { kind: 'normal', std: cfg.initializer_range } as const;
  const pad = cfg.pad_token_id;
  // nn.Embedding(padding_idx=pad_token_id) starts the padding token's vector at zero.
  const wordInit = pad !== null && pad >= 0 && pad < cfg.vocab_size ? { ...normal, zeroRow: pad } : normal;
  const words = params.param(`${prefix}.embeddings.word_embeddings.weight`, [cfg.vocab_size, C], wordInit);
  // Created in HF's order (words, positions, types): parameter order fixes the initial weights of a seed.
  const positionTable = variant.positionIds && params.param(`${prefix}.embeddings.position_embeddings.weight`, [cfg.max_position_embeddings, C], normal);
  const extra = variant.extraEmbeddings?.(g, params, cfg);
  const typeTable = params.param(`${prefix}.embeddings.token_type_embeddings.weight`, [cfg.type_vocab_size, C], normal);

  // No token_type_ids: every token is segment 0, so row 0 is added everywhere.
  const types = inputs.tokenTypeIds ? g.gather(typeTable, inputs.tokenTypeIds) : g.gather(typeTable, g.ints([0])); // (B, T, C) or (1, C)
  const sum = extra ? g.add(g.add(g.gather(words, inputs.inputIds), types), extra) : g.add(g.gather(words, inputs.inputIds), types);
  if (!variant.positionIds || !positionTable) return sum; // NEZHA: positions enter in attention
  return g.add(sum, g.gather(positionTable, inputs.positionIds ?? variant.positionIds(g, inputs.inputIds, cfg))); // positions (T,) or (B, T)
}

/** HF's absolute positions 0…T-1, known at build time when T is, else computed at run time. */
// (B, T) → (T,)
function positionIds(g: GraphBuilder, inputIds: Value, maxPositions: number): Value {
  const T = inputIds.shape[1];
  if (typeof T === 'number') {
    if (T > maxPositions) throw new Error(`BERT: ${T} tokens do not fit max_position_embeddings = ${maxPositions}`);
    return g.ints([...Array(T).keys()]);
  }
  const length = g.gather(g.shape(inputIds), g.scalar(1, 'int64')); // scalar T
  return g.range(g.scalar(0, 'int64'), length, g.scalar(1, 'int64'));
}

/** HF `BertForMaskedLM`: encoder (no pooler) + `cls.predictions` head. */
export function buildBertForMaskedLM(g: GraphBuilder, params: ParamSource, cfg: BertConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = bertEncoder(g, params, cfg, inputs, options);
  return { logits: g.scope('cls', () => bertMaskedLmHead(g, params, cfg, hidden)), attentions };
}

/** HF `BertForSequenceClassification`: encoder + pooler on [CLS] + dropout + `classifier`. */
export function buildBertForSequenceClassification(g: GraphBuilder, params: ParamSource, cfg: BertConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = bertEncoder(g, params, cfg, inputs, options);
  const logits = g.scope('classifier', () => bertClassifierHead(g, params, cfg, hidden, options.dropout ?? noDropout));
  return { logits, attentions };
}
