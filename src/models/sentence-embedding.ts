/**
 * Sentence embeddings from an encoder family's last hidden states, as sentence-transformers'
 * `Pooling(pooling_mode_mean_tokens)` + `Normalize` and transformers.js's feature-extraction
 * `{pooling: 'mean', normalize: true}` make them: the mean over attention-masked tokens, then
 * L2 normalisation. Shared by contrastive training (src/train/forward-contrastive.ts), `embed`
 * (src/infer/embed.ts) and the `last_hidden_state` ONNX export of a contrastive folder.
 * Legend: B batch, T tokens, C width.
 */
import { GraphBuilder, writeOnnx, type TensorData, type Value } from '../graph';
import { ConstantParams, type Weights } from '../nn/params';
import { InputError } from '../util/errors';
import type { ModelConfig } from './configs';
import type { FamilySpec, GraphOptions, HiddenStatesGraph, LmInputs } from './family';
import { FAMILIES, familyOf, typeList } from './registry';

/** The ONNX output transformers.js's feature-extraction pipeline reads. */
export const LAST_HIDDEN_STATE = 'last_hidden_state';

/** sentence-transformers clamps the token count at 1e-9; torch's F.normalize the norm at 1e-12. */
const MIN_TOKENS = 1e-9;
const MIN_NORM = 1e-12;

/** The families whose encoders give hidden states, for refusals. */
export function encoderTypeList(): string {
  return typeList(FAMILIES.filter((f) => f.hiddenStates));
}

/** The family's hidden-states graph; an InputError naming `where` and `need` when it has none (a decoder). */
export function hiddenStatesOf(config: ModelConfig, where: string, need: string): { family: FamilySpec; hiddenStates: HiddenStatesGraph } {
  const family = familyOf(config);
  if (!family.hiddenStates) throw new InputError(`${where} holds a '${family.modelType}' model; ${need} needs an encoder (${encoderTypeList()})`);
  return { family, hiddenStates: family.hiddenStates };
}

// hidden (B, T, C), attentionMask (B, T) ints → (B, C) mean over the masked-in tokens
export function meanPool(g: GraphBuilder, hidden: Value, attentionMask: Value): Value {
  const mask = g.unsqueeze(g.cast(attentionMask, hidden.dtype), [2]); // (B, T, 1)
  const summed = g.reduceSum(g.mul(hidden, mask), [1], false); // (B, C)
  const counts = g.max(g.reduceSum(mask, [1], false), MIN_TOKENS); // (B, 1)
  return g.div(summed, counts);
}

// x (B, C) → x / ‖x‖ per row
export function l2Normalize(g: GraphBuilder, x: Value): Value {
  const norm = g.max(g.sqrt(g.reduceSum(g.mul(x, x), [1], true)), MIN_NORM); // (B, 1)
  return g.div(x, norm);
}

/** Mean-pooled, L2-normalised sentence embeddings (B, C) of the family's encoder. */
export function sentenceEmbeddings(g: GraphBuilder, hiddenStates: HiddenStatesGraph, params: Parameters<HiddenStatesGraph>[1], config: ModelConfig, inputs: LmInputs & { attentionMask: Value }, options: GraphOptions = {}): Value {
  return l2Normalize(g, meanPool(g, hiddenStates(g, params, config, inputs, options), inputs.attentionMask));
}

/** Graph inputs besides input_ids/attention_mask/token_type_ids that LmInputs knows by another name (XLM's exports take no `langs`). */
const EXTRA_INPUT_FIELDS: Record<string, keyof LmInputs> = { bbox: 'bbox', position_ids: 'positionIds' };

/**
 * An inference graph of the family's encoder with its weights as initializers: int64 inputs
 * input_ids, attention_mask, token_type_ids (B, T) and the family's extra inputs (named as
 * FamilySpec.extraInputs names them, batch and sequence dims dynamic); outputs `last_hidden_state`
 * (B, T, C) and, with `pooled`, `sentence_embedding` (B, C).
 */
export function hiddenStatesInferenceGraph(family: FamilySpec, config: ModelConfig, weights: Weights, pooled: boolean): Uint8Array {
  if (!family.hiddenStates) throw new Error(`${family.modelType} has no hidden-states graph`);
  const g = new GraphBuilder(`${family.modelType}_hidden_states`);
  const dims = ['batch_size', 'sequence_length'];
  const inputs: LmInputs & { attentionMask: Value } = {
    inputIds: g.input('input_ids', 'int64', dims),
    attentionMask: g.input('attention_mask', 'int64', dims),
    tokenTypeIds: g.input('token_type_ids', 'int64', dims),
  };
  for (const [name, sample] of Object.entries(extraInputSamples(family, config))) {
    const field = EXTRA_INPUT_FIELDS[name];
    if (!field) throw new Error(`${family.modelType}: extra input '${name}' has no LmInputs field`);
    (inputs as unknown as Record<string, Value>)[field] = g.input(name, sample.dtype, [...dims, ...sample.shape.slice(2)]);
  }
  const params = new ConstantParams(g, weights);
  const hidden = family.hiddenStates(g, params, config, inputs, {}); // (B, T, C)
  g.output(hidden, LAST_HIDDEN_STATE);
  if (pooled) g.output(l2Normalize(g, meanPool(g, hidden, inputs.attentionMask)), SENTENCE_EMBEDDING);
  return writeOnnx(g.graph);
}

/** The pooled output of hiddenStatesInferenceGraph. */
export const SENTENCE_EMBEDDING = 'sentence_embedding';

/** The family's extra inputs for a one-token text: their names, dtypes and trailing dims. */
export function extraInputSamples(family: FamilySpec, config: ModelConfig): Record<string, TensorData> {
  return family.extraInputs?.(config, { ids: [0], tokens: [''] }) ?? {};
}
