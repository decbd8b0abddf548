/**
 * Hugging Face `GPT2ForSequenceClassification`: the transformer, then `score` (a Linear from the
 * width to the labels, no bias) at every position, read at each row's last real token. A decoder
 * sees the whole text only from its last token, so that position is the summary.
 * HF finds the token as the rightmost one that is not `config.pad_token_id`; we take the rightmost
 * position the attention mask keeps, which is the same token whenever padding uses the pad id (our
 * batches do, and our classifier configs set pad_token_id to it) and needs no pad id at run time.
 * Legend: B batch, T tokens, C width, L labels.
 */
import type { GraphBuilder, Value } from '../../graph';
import { linear } from '../../nn/linear';
import type { Dropout } from '../../nn/dropout';
import type { ParamSource } from '../../nn/params';
import { numLabels, type Gpt2Config } from '../configs';
import { gpt2Transformer } from './model';

export interface Gpt2ClassifierInputs {
  inputIds: Value; // (B, T)
  attentionMask: Value; // (B, T) 1 = real token, 0 = padding
  /** (B, T) or (1, T); needed when T is not static. */
  positionIds?: Value;
}

export interface Gpt2ClassifierOutputs {
  logits: Value; // (B, L)
  attentions: Value[]; // per layer (B, H, T, T)
}

export function buildGpt2ForSequenceClassification(
  g: GraphBuilder,
  params: ParamSource,
  cfg: Gpt2Config,
  inputs: Gpt2ClassifierInputs,
  options: { dtype?: 'float32' | 'float64'; dropout?: Dropout } = {},
): Gpt2ClassifierOutputs {
  const { hidden, attentions } = gpt2Transformer(g, params, cfg, inputs, options);
  return g.scope('score', () => {
    const weight = params.param('score.weight', [numLabels(cfg), cfg.n_embd], { kind: 'normal', std: cfg.initializer_range });
    const scores = linear(g, hidden, weight, undefined, 'out_in'); // (B, T, L)
    const atLast = g.unsqueeze(g.cast(lastKeptPosition(g, inputs.attentionMask), scores.dtype), [2]); // (B, T, 1) one-hot
    return { logits: g.reduceSum(g.mul(scores, atLast), [1], false), attentions }; // (B, L)
  });
}

/** (B, T) boolean one-hot of each row's rightmost position whose mask is 1. */
function lastKeptPosition(g: GraphBuilder, mask: Value): Value {
  const T = mask.shape[1];
  const positions = typeof T === 'number'
    ? g.cast(g.ints([...Array(T).keys()]), mask.dtype) // (T,)
    : g.cast(g.range(g.scalar(0, 'int64'), g.gather(g.shape(mask), g.scalar(1, 'int64')), g.scalar(1, 'int64')), mask.dtype);
  const last = g.reduceMax(g.mul(mask, positions), [1], true); // (B, 1)
  return g.equal(positions, last); // (B, T)
}
