/**
 * ALBERT exactly as Hugging Face `AlbertModel` / `AlbertForMaskedLM` /
 * `AlbertForSequenceClassification` define it: factorised embeddings (word + position +
 * token-type tables of width embedding_size E, LayerNorm-ed at E, then
 * `encoder.embedding_hidden_mapping_in` E → C) and cross-layer parameter sharing (layer i runs
 * group `floor(i / (num_hidden_layers / num_hidden_groups))`, each group being inner_group_num
 * post-LayerNorm layers). A shared layer is the same parameters used several times; autodiff
 * sums their gradients over the uses. Heads: `predictions` (dense C → E, hidden_act, LayerNorm,
 * decoder tied to the word embeddings, `predictions.bias`) and the tanh pooler `albert.pooler`
 * on the [CLS] vector → dropout → `classifier`.
 * Legend: B batch, T tokens, E embedding width, C width (hidden_size), H heads, D = C/H head
 * size, I MLP width, V vocabulary, L labels.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation } from '../../nn/activations';
import { attend, mergeHeads, paddingBias, splitHeads } from '../../nn/attention';
import { type Dropout, noDropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import type { ParamSource } from '../../nn/params';
import { BERT_VARIANT, type BertBuildOptions, type BertEncoderOutputs, type BertInputs, type BertOutputs } from '../bert/model';
import { numLabels, type AlbertConfig, type BertLikeConfig } from '../configs';
import { hfLayerNorm, hfLinear } from '../hf-layers';

/** HF's layer-to-group rule (AlbertTransformer.forward): the group whose parameters layer `i` runs. */
export function albertGroupOf(i: number, cfg: Pick<AlbertConfig, 'num_hidden_layers' | 'num_hidden_groups'>): number {
  return Math.floor(i / (cfg.num_hidden_layers / cfg.num_hidden_groups));
}

/** `AlbertModel` without its pooler: embeddings and shared-layer encoder under `albert.`. */
export function albertEncoder(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertEncoderOutputs {
  const drop = options.dropout ?? noDropout;
  const C = cfg.hidden_size;
  const E = cfg.embedding_size;
  const std = cfg.initializer_range;
  let x = g.scope('embeddings', () => {
    const embedded = hfLayerNorm(g, params, 'albert.embeddings.LayerNorm', albertEmbeddingSum(g, params, cfg, inputs), E, cfg.layer_norm_eps);
    return hfLinear(g, params, 'albert.encoder.embedding_hidden_mapping_in', drop.apply(g, embedded, cfg.hidden_dropout_prob), E, C, std); // (B, T, C)
  });
  const bias = inputs.attentionMask ? paddingBias(g, inputs.attentionMask, options.dtype ?? 'float32') : undefined; // (B, 1, 1, T)
  const attentions: Value[] = [];
  for (let i = 0; i < cfg.num_hidden_layers; i++) {
    const group = albertGroupOf(i, cfg);
    for (let j = 0; j < cfg.inner_group_num; j++) {
      g.scope(`layer.${i}.${j}`, () => {
        const out = albertLayer(g, params, cfg, `albert.encoder.albert_layer_groups.${group}.albert_layers.${j}`, x, bias, drop);
        x = out.hidden;
        attentions.push(out.probs);
      });
    }
  }
  return { hidden: x, attentions };
}

/** One `AlbertLayer` (its parameters under `name`, shared by every use). */
// x (B, T, C) → hidden (B, T, C), probs (B, H, T, T)
function albertLayer(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, name: string, x: Value, bias: Value | undefined, drop: Dropout): { hidden: Value; probs: Value } {
  const C = cfg.hidden_size;
  const H = cfg.num_attention_heads;
  const dense = (n: string, input: Value, inW: number, outW: number) => hfLinear(g, params, `${name}.${n}`, input, inW, outW, cfg.initializer_range);
  const norm = (n: string, input: Value) => hfLayerNorm(g, params, `${name}.${n}`, input, C, cfg.layer_norm_eps);
  const [q, k, v] = (['query', 'key', 'value'] as const).map((p) => splitHeads(g, dense(`attention.${p}`, x, C, C), H)); // (B, H, T, D)
  const { context, probs } = attend(g, q, k, v, 1 / Math.sqrt(C / H), bias, (p) => drop.apply(g, p, cfg.attention_probs_dropout_prob));
  const attended = norm('attention.LayerNorm', g.add(x, drop.apply(g, dense('attention.dense', mergeHeads(g, context), C, C), cfg.hidden_dropout_prob)));
  // HF's ff_chunk has no dropout before the residual.
  const ffn = dense('ffn_output', activation(g, dense('ffn', attended, C, cfg.intermediate_size), cfg.hidden_act), cfg.intermediate_size, C); // (B, T, C)
  return { hidden: norm('full_layer_layer_norm', g.add(ffn, attended)), probs };
}

/** word + position + token-type embeddings (width E), before their LayerNorm. */
// → (B, T, E)
function albertEmbeddingSum(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, inputs: BertInputs): Value {
  const E = cfg.embedding_size;
  const normal = { kind: 'normal', std: cfg.initializer_range } as const;
  const pad = cfg.pad_token_id;
  // nn.Embedding(padding_idx=pad_token_id) starts the padding token's vector at zero.
  const wordInit = pad !== null && pad >= 0 && pad < cfg.vocab_size ? { ...normal, zeroRow: pad } : normal;
  const words = params.param('albert.embeddings.word_embeddings.weight', [cfg.vocab_size, E], wordInit);
  const positionTable = params.param('albert.embeddings.position_embeddings.weight', [cfg.max_position_embeddings, E], normal);
  const typeTable = params.param('albert.embeddings.token_type_embeddings.weight', [cfg.type_vocab_size, E], normal);
  // Positions 0…T-1 exactly as BERT's (whose variant always has them); only max_position_embeddings is read.
  const positions = BERT_VARIANT.positionIds!(g, inputs.inputIds, cfg as unknown as BertLikeConfig); // (T,) or (B, T)
  const types = inputs.tokenTypeIds ? g.gather(typeTable, inputs.tokenTypeIds) : g.gather(typeTable, g.ints([0])); // (B, T, E) or (1, E)
  return g.add(g.add(g.gather(words, inputs.inputIds), types), g.gather(positionTable, positions));
}

/** `predictions` (AlbertMLMHead). */
// hidden (B, T, C) → logits (B, T, V)
export function albertMaskedLmHead(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, hidden: Value): Value {
  const E = cfg.embedding_size;
  const normal = { kind: 'normal', std: cfg.initializer_range } as const;
  const x = hfLayerNorm(g, params, 'predictions.LayerNorm', activation(g, hfLinear(g, params, 'predictions.dense', hidden, cfg.hidden_size, E, cfg.initializer_range), cfg.hidden_act), E, cfg.layer_norm_eps);
  // Tied: the same tensor as the word embeddings (HF saves it once, under the embedding's name).
  const decoder = cfg.tie_word_embeddings
    ? params.param('albert.embeddings.word_embeddings.weight', [cfg.vocab_size, E], normal)
    : params.param('predictions.decoder.weight', [cfg.vocab_size, E], normal);
  // predictions.decoder.bias is the same tensor as predictions.bias in HF.
  return linear(g, x, decoder, params.param('predictions.bias', [cfg.vocab_size], { kind: 'zeros' }), 'out_in');
}

/** `albert.pooler` + tanh on the [CLS] vector. */
// hidden (B, T, C) → pooled (B, C)
export function albertPooler(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, hidden: Value): Value {
  const first = g.squeeze(g.slice(hidden, [0], [1], [1]), [1]); // (B, C)
  return g.tanh(hfLinear(g, params, 'albert.pooler', first, cfg.hidden_size, cfg.hidden_size, cfg.initializer_range));
}

/** HF `AlbertForMaskedLM`: encoder (no pooler) + `predictions`. */
export function buildAlbertForMaskedLM(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = albertEncoder(g, params, cfg, inputs, options);
  return { logits: g.scope('predictions', () => albertMaskedLmHead(g, params, cfg, hidden)), attentions };
}

/** HF `AlbertForSequenceClassification`: encoder + pooler + dropout(classifier_dropout_prob) + `classifier`. */
export function buildAlbertForSequenceClassification(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = albertEncoder(g, params, cfg, inputs, options);
  const logits = g.scope('classifier', () => {
    const pooled = (options.dropout ?? noDropout).apply(g, albertPooler(g, params, cfg, hidden), cfg.classifier_dropout_prob);
    return hfLinear(g, params, 'classifier', pooled, cfg.hidden_size, numLabels(cfg), cfg.initializer_range);
  });
  return { logits, attentions };
}

/** HF `AlbertForPreTraining`: encoder + `predictions` and the sentence-order head on the pooled [CLS] (`sop_classifier.classifier`, 2 classes). */
// → logits (B, T, V), sentenceOrderLogits (B, 2)
export function buildAlbertForPreTraining(g: GraphBuilder, params: ParamSource, cfg: AlbertConfig, inputs: BertInputs, options: BertBuildOptions = {}): { logits: Value; sentenceOrderLogits: Value; attentions: Value[] } {
  const { hidden, attentions } = albertEncoder(g, params, cfg, inputs, options);
  const logits = g.scope('predictions', () => albertMaskedLmHead(g, params, cfg, hidden));
  const sentenceOrderLogits = g.scope('sop_classifier', () => {
    // AlbertSOPHead: dropout(classifier_dropout_prob) → Linear(hidden_size, num_labels); pretraining uses its default 2 labels.
    const pooled = (options.dropout ?? noDropout).apply(g, albertPooler(g, params, cfg, hidden), cfg.classifier_dropout_prob);
    return hfLinear(g, params, 'sop_classifier.classifier', pooled, cfg.hidden_size, SENTENCE_ORDER_CLASSES, cfg.initializer_range);
  });
  return { logits, sentenceOrderLogits, attentions };
}

/** In text order (0) or swapped (1). */
export const SENTENCE_ORDER_CLASSES = 2;
