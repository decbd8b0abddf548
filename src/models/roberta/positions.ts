/**
 * RoBERTa's position ids, as transformers' `create_position_ids_from_input_ids` computes them:
 * each real token's position is the count of non-pad tokens up to and including it, plus
 * padding_idx (pad_token_id); pad tokens get padding_idx itself. So positions start at pad + 1
 * and a right-padded row's pads all share the (zeroed) padding row of the position table.
 * Legend: B batch, T tokens.
 */
import type { GraphBuilder, Value } from '../../graph';
import type { BertLikeConfig } from '../configs';

// input ids (B, T) → position ids (B, T) int64
export function robertaPositionIds(g: GraphBuilder, inputIds: Value, cfg: BertLikeConfig): Value {
  const pad = cfg.pad_token_id;
  if (pad === null) throw new Error('RoBERTa needs pad_token_id: its positions are counted from it');
  const T = inputIds.shape[1];
  if (typeof T === 'number' && T + pad + 1 > cfg.max_position_embeddings) {
    throw new Error(`RoBERTa: ${T} tokens do not fit max_position_embeddings = ${cfg.max_position_embeddings} (positions start at ${pad + 1})`);
  }
  const steps = typeof T === 'number' ? g.ints([...Array(T).keys()]) : g.range(g.scalar(0, 'int64'), g.gather(g.shape(inputIds), g.scalar(1, 'int64')), g.scalar(1, 'int64')); // (T,)
  // upTo[i, j] = 1 where j <= i: a row of it sums a prefix (the cumulative sum HF takes).
  const upTo = g.cast(g.not(g.greater(g.unsqueeze(steps, [0]), g.unsqueeze(steps, [1]))), 'float32'); // (T, T)
  const real = g.cast(g.not(g.equal(inputIds, pad)), 'float32'); // (B, T) 1 = not pad
  const counted = g.reduceSum(g.mul(g.unsqueeze(real, [1]), upTo), [2], false); // (B, T) non-pads up to each token
  return g.add(g.cast(g.mul(counted, real), 'int64'), pad); // (B, T)
}
