/**
 * Unicoder's cross-lingual pair classification as an auxiliary pretraining head (`--objective
 * tlm+match`): does the text side of a translation-LM row belong to its code side? The first
 * token's state goes through a tanh-pooler and a 2-way classifier, as BERT's next-sentence head
 * does. The head lives under TRAINING_HEAD_PREFIX: kept in the checkpoint for --resume, left
 * out of the saved folder, which stays the family's plain masked-LM class.
 * Legend: B batch, T tokens, C width.
 */
import type { GraphBuilder, Value } from '../graph';
import { type Dropout, noDropout } from '../nn/dropout';
import type { ParamSource } from '../nn/params';
import { TRAINING_HEAD_PREFIX } from './family';
import { hfLinear } from './hf-layers';

/** Parameter-name prefix of the match head. */
export const MATCH_HEAD = `${TRAINING_HEAD_PREFIX}match`;

/** Classes of the match logits: 0 = the text belongs to another row's code, 1 = to this row's. */
export const MATCH_CLASSES = 2;

export interface MatchHeadSizes {
  /** C: the encoder's width. */
  width: number;
  /** Standard deviation of the head's initial weights (the family's initializer_range). */
  initStd: number;
  /** Dropout on the pooled vector (the family's hidden dropout). */
  dropoutRate: number;
}

// hidden (B, T, C) → match logits (B, 2)
export function pairMatchHead(g: GraphBuilder, params: ParamSource, hidden: Value, sizes: MatchHeadSizes, drop: Dropout = noDropout): Value {
  const { width: C, initStd } = sizes;
  const first = g.squeeze(g.slice(hidden, [0], [1], [1]), [1]); // (B, C): the row's first token
  const pooled = g.tanh(hfLinear(g, params, `${MATCH_HEAD}.pooler`, first, C, C, initStd));
  return hfLinear(g, params, `${MATCH_HEAD}.classifier`, drop.apply(g, pooled, sizes.dropoutRate), C, MATCH_CLASSES, initStd);
}

/** The match head's sizes for a BERT-style encoder's config. */
export function matchHeadSizes(cfg: { hidden_size: number; initializer_range: number; hidden_dropout_prob: number }): MatchHeadSizes {
  return { width: cfg.hidden_size, initStd: cfg.initializer_range, dropoutRate: cfg.hidden_dropout_prob };
}
