/**
 * RoBERTa exactly as Hugging Face `RobertaForMaskedLM` / `RobertaForSequenceClassification`
 * define it: BERT's encoder (src/models/bert/model.ts) under the `roberta.` prefix with
 * positions counted from the pad id (positions.ts), no pooler, and RoBERTa's own heads —
 * `lm_head` (dense → gelu → layer_norm → decoder tied to the word embeddings, plus `lm_head.bias`)
 * and `classifier` (dense → tanh → out_proj on the <s> token, dropout before each linear).
 * Legend: B batch, T tokens, C width, V vocabulary, L labels.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation, type ActivationName } from '../../nn/activations';
import { type Dropout, noDropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import type { ParamSource } from '../../nn/params';
import { bertEncoder, type BertBuildOptions, type BertEncoderVariant, type BertInputs, type BertOutputs } from '../bert/model';
import { numLabels, type RobertaConfig } from '../configs';
import { hfLayerNorm, hfLinear } from '../hf-layers';
import { robertaPositionIds } from './positions';

export const ROBERTA_VARIANT: BertEncoderVariant = { prefix: 'roberta', positionIds: robertaPositionIds };

/** HF `RobertaForMaskedLM`: encoder (no pooler) + `lm_head`. */
export function buildRobertaForMaskedLM(g: GraphBuilder, params: ParamSource, cfg: RobertaConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = bertEncoder(g, params, cfg, inputs, options, ROBERTA_VARIANT);
  return { logits: g.scope('lm_head', () => robertaLmHead(g, params, cfg, hidden)), attentions };
}

/** HF `RobertaForSequenceClassification`: encoder (no pooler) + `classifier` on the <s> token. */
export function buildRobertaForSequenceClassification(g: GraphBuilder, params: ParamSource, cfg: RobertaConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = bertEncoder(g, params, cfg, inputs, options, ROBERTA_VARIANT);
  return { logits: g.scope('classifier', () => robertaClassifierHead(g, params, cfg, hidden, options.dropout ?? noDropout)), attentions };
}

/**
 * `lm_head`. RobertaLMHead applies exact (erf) gelu whatever hidden_act says; `act` exists only
 * for float64 gradient checks, as ONNX Runtime has no float64 Erf.
 */
// hidden (B, T, C) → logits (B, T, V)
export function robertaLmHead(g: GraphBuilder, params: ParamSource, cfg: RobertaConfig, hidden: Value, act: ActivationName = 'gelu'): Value {
  const C = cfg.hidden_size;
  const normal = { kind: 'normal', std: cfg.initializer_range } as const;
  const x = hfLayerNorm(g, params, 'lm_head.layer_norm', activation(g, hfLinear(g, params, 'lm_head.dense', hidden, C, C, cfg.initializer_range), act), C, cfg.layer_norm_eps);
  // Tied: the same tensor as the word embeddings (HF saves it once, under the embedding's name).
  const decoder = cfg.tie_word_embeddings
    ? params.param('roberta.embeddings.word_embeddings.weight', [cfg.vocab_size, C], normal)
    : params.param('lm_head.decoder.weight', [cfg.vocab_size, C], normal);
  // lm_head.decoder.bias is the same tensor as lm_head.bias in HF.
  return linear(g, x, decoder, params.param('lm_head.bias', [cfg.vocab_size], { kind: 'zeros' }), 'out_in');
}

// hidden (B, T, C) → logits (B, L)
function robertaClassifierHead(g: GraphBuilder, params: ParamSource, cfg: RobertaConfig, hidden: Value, drop: Dropout): Value {
  const C = cfg.hidden_size;
  const rate = cfg.classifier_dropout ?? cfg.hidden_dropout_prob;
  const first = g.squeeze(g.slice(hidden, [0], [1], [1]), [1]); // (B, C): the <s> position
  const dense = g.tanh(hfLinear(g, params, 'classifier.dense', drop.apply(g, first, rate), C, C, cfg.initializer_range));
  return hfLinear(g, params, 'classifier.out_proj', drop.apply(g, dense, rate), C, numLabels(cfg), cfg.initializer_range);
}
