/**
 * BERT's heads as Hugging Face names them: the masked-LM head `cls.predictions` (dense →
 * hidden_act → LayerNorm → decoder tied to the word embeddings, plus its own bias) and the
 * sequence-classification head (`bert.pooler.dense` + tanh on the [CLS] vector, dropout,
 * `classifier`).
 * Legend: B batch, T tokens, C width, V vocabulary, L labels.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation } from '../../nn/activations';
import type { Dropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import type { ParamSource } from '../../nn/params';
import { numLabels, type BertLikeConfig } from '../configs';
import { hfLayerNorm, hfLinear } from '../hf-layers';

// hidden (B, T, C) → logits (B, T, V)
export function bertMaskedLmHead(g: GraphBuilder, params: ParamSource, cfg: BertLikeConfig, hidden: Value, prefix = 'bert'): Value {
  const C = cfg.hidden_size;
  const normal = { kind: 'normal', std: cfg.initializer_range } as const;
  let x = hfLinear(g, params, 'cls.predictions.transform.dense', hidden, C, C, cfg.initializer_range);
  x = hfLayerNorm(g, params, 'cls.predictions.transform.LayerNorm', activation(g, x, cfg.hidden_act), C, cfg.layer_norm_eps);
  // Tied: the same tensor as the word embeddings (HF saves it once, under the embedding's name).
  const decoder = cfg.tie_word_embeddings
    ? params.param(`${prefix}.embeddings.word_embeddings.weight`, [cfg.vocab_size, C], normal)
    : params.param('cls.predictions.decoder.weight', [cfg.vocab_size, C], normal);
  const bias = params.param('cls.predictions.bias', [cfg.vocab_size], { kind: 'zeros' });
  return linear(g, x, decoder, bias, 'out_in');
}

// hidden (B, T, C) → logits (B, L)
export function bertClassifierHead(g: GraphBuilder, params: ParamSource, cfg: BertLikeConfig, hidden: Value, drop: Dropout, prefix = 'bert'): Value {
  const C = cfg.hidden_size;
  const first = g.squeeze(g.slice(hidden, [0], [1], [1]), [1]); // (B, C): the [CLS] position
  const pooled = g.tanh(hfLinear(g, params, `${prefix}.pooler.dense`, first, C, C, cfg.initializer_range));
  // LayoutLM's config has no classifier_dropout: its classifier drops at hidden_dropout_prob.
  const classifierDropout = 'classifier_dropout' in cfg ? cfg.classifier_dropout : null;
  const dropped = drop.apply(g, pooled, classifierDropout ?? cfg.hidden_dropout_prob);
  return hfLinear(g, params, 'classifier', dropped, C, numLabels(cfg), cfg.initializer_range);
}
