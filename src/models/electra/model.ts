/**
 * ELECTRA exactly as Hugging Face's modeling_electra.py defines it: BERT's encoder
 * (src/models/bert/model.ts) under `electra.` with embeddings embedding_size wide, projected to
 * hidden_size by `electra.embeddings_project` when the two differ, no pooler, and ELECTRA's heads:
 * `discriminator_predictions` (dense → hidden_act → dense_prediction, one score per token),
 * `generator_predictions` (dense to embedding_size → gelu → LayerNorm) + `generator_lm_head`
 * tied to the word embeddings, and `classifier` (dense → gelu → out_proj on the first token).
 * `prefix` places a network's own parameters (the generator's are `generator.` + HF's names in
 * the joint pretraining graph) while `embeddingsPrefix` says whose embedding tables it reads.
 * Legend: B batch, T tokens, C width, E embedding width, V vocabulary, L labels.
 */
import type { GraphBuilder, Value } from '../../graph';
import { activation, type ActivationName } from '../../nn/activations';
import { type Dropout, noDropout } from '../../nn/dropout';
import { linear } from '../../nn/linear';
import type { ParamSource } from '../../nn/params';
import { BERT_VARIANT, bertEncoder, type BertBuildOptions, type BertEncoderOutputs, type BertInputs } from '../bert/model';
import { numLabels } from '../configs';
import { hfLayerNorm, hfLinear } from '../hf-layers';
import { asBertEncoderConfig, type ElectraConfig } from './config';

/** Where one network's parameters live: its own under `prefix`, the embedding tables under `embeddingsPrefix`. */
export interface ElectraNames {
  /** Prepended to HF's names of this network's own parameters ('' for a saved folder). */
  prefix: string;
  /** Prefix of the embedding tables' owner: 'electra' for the discriminator, and for the generator that shares them. */
  embeddingsPrefix: string;
}

export const FOLDER_NAMES: ElectraNames = { prefix: '', embeddingsPrefix: 'electra' };

export interface ElectraBuildOptions extends BertBuildOptions {
  /** The heads' fixed gelu; overridable only because ONNX Runtime has no float64 Erf (gradient checks). */
  headActivation?: ActivationName;
}

/** `ElectraModel`: embeddings (+ embeddings_project) and BERT's encoder layers. */
export function electraEncoder(g: GraphBuilder, params: ParamSource, cfg: ElectraConfig, inputs: BertInputs, options: BertBuildOptions = {}, names: ElectraNames = FOLDER_NAMES): BertEncoderOutputs {
  return bertEncoder(g, params, asBertEncoderConfig(cfg), inputs, options, {
    prefix: `${names.prefix}electra`,
    positionIds: BERT_VARIANT.positionIds,
    embeddings: { prefix: names.embeddingsPrefix, size: cfg.embedding_size },
  });
}

/** ElectraDiscriminatorPredictions: hidden (B, T, C) → one replaced-token score per token (B, T). */
export function discriminatorHead(g: GraphBuilder, params: ParamSource, cfg: ElectraConfig, hidden: Value, prefix = ''): Value {
  const C = cfg.hidden_size;
  const x = activation(g, hfLinear(g, params, `${prefix}discriminator_predictions.dense`, hidden, C, C, cfg.initializer_range), cfg.hidden_act);
  return g.squeeze(hfLinear(g, params, `${prefix}discriminator_predictions.dense_prediction`, x, C, 1, cfg.initializer_range), [2]);
}

/** ElectraGeneratorPredictions + generator_lm_head: hidden (B, T, C) → logits (B, T, V), the decoder tied to the word embeddings. */
export function generatorHead(g: GraphBuilder, params: ParamSource, cfg: ElectraConfig, hidden: Value, names: ElectraNames = FOLDER_NAMES, act: ActivationName = 'gelu'): Value {
  const [C, E] = [cfg.hidden_size, cfg.embedding_size];
  const dense = hfLinear(g, params, `${names.prefix}generator_predictions.dense`, hidden, C, E, cfg.initializer_range);
  const x = hfLayerNorm(g, params, `${names.prefix}generator_predictions.LayerNorm`, activation(g, dense, act), E, cfg.layer_norm_eps);
  const words = params.param(`${names.embeddingsPrefix}.embeddings.word_embeddings.weight`, [cfg.vocab_size, E], { kind: 'normal', std: cfg.initializer_range });
  return linear(g, x, words, params.param(`${names.prefix}generator_lm_head.bias`, [cfg.vocab_size], { kind: 'zeros' }), 'out_in');
}

/** ElectraClassificationHead: hidden (B, T, C) → logits (B, L) from the first token; dropout before each linear. */
export function classifierHead(g: GraphBuilder, params: ParamSource, cfg: ElectraConfig, hidden: Value, drop: Dropout, act: ActivationName = 'gelu'): Value {
  const C = cfg.hidden_size;
  const rate = cfg.classifier_dropout ?? cfg.hidden_dropout_prob;
  const first = g.squeeze(g.slice(hidden, [0], [1], [1]), [1]); // (B, C)
  const dense = activation(g, hfLinear(g, params, 'classifier.dense', drop.apply(g, first, rate), C, C, cfg.initializer_range), act);
  return hfLinear(g, params, 'classifier.out_proj', drop.apply(g, dense, rate), C, numLabels(cfg), cfg.initializer_range);
}

/** HF `ElectraForPreTraining`: the discriminator's per-token scores (B, T). */
export function buildElectraForPreTraining(g: GraphBuilder, params: ParamSource, cfg: ElectraConfig, inputs: BertInputs, options: ElectraBuildOptions = {}) {
  const { hidden, attentions } = electraEncoder(g, params, cfg, inputs, options);
  return { logits: discriminatorHead(g, params, cfg, hidden), attentions };
}

/** HF `ElectraForMaskedLM` (the generator as saved in generator/): logits (B, T, V). */
export function buildElectraForMaskedLM(g: GraphBuilder, params: ParamSource, cfg: ElectraConfig, inputs: BertInputs, options: ElectraBuildOptions = {}) {
  const { hidden, attentions } = electraEncoder(g, params, cfg, inputs, options);
  return { logits: generatorHead(g, params, cfg, hidden, FOLDER_NAMES, options.headActivation), attentions };
}

/** HF `ElectraForSequenceClassification`: logits (B, L). */
export function buildElectraForSequenceClassification(g: GraphBuilder, params: ParamSource, cfg: ElectraConfig, inputs: BertInputs, options: ElectraBuildOptions = {}) {
  const { hidden, attentions } = electraEncoder(g, params, cfg, inputs, options);
  return { logits: classifierHead(g, params, cfg, hidden, options.dropout ?? noDropout, options.headActivation), attentions };
}
