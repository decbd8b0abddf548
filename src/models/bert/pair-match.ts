/**
 * BERT pretrained with the translation LM and Unicoder's pair-match task (`--objective
 * tlm+match`): one encoder pass over the `[CLS] code [SEP] text [SEP]` rows feeds both
 * `cls.predictions` and the match head (src/models/pair-match-head.ts, a training-only head).
 * Legend: B batch, T tokens, V vocabulary.
 */
import type { GraphBuilder, Value } from '../../graph';
import type { ParamSource } from '../../nn/params';
import type { BertConfig } from '../configs';
import type { GraphOptions, LmInputs } from '../family';
import { matchHeadSizes, pairMatchHead } from '../pair-match-head';
import { translationLmInputs } from '../translation-lm-inputs';
import { bertMaskedLmHead } from './heads';
import { bertEncoder } from './model';

// → logits (B, T, V), match logits (B, 2)
export function buildBertWithPairMatch(g: GraphBuilder, params: ParamSource, cfg: BertConfig, inputs: LmInputs, options: GraphOptions = {}): { logits: Value; matchLogits: Value } {
  const { hidden } = bertEncoder(g, params, cfg, translationLmInputs(g, cfg, inputs), options);
  const logits = g.scope('cls', () => bertMaskedLmHead(g, params, cfg, hidden));
  const matchLogits = g.scope('match', () => pairMatchHead(g, params, hidden, matchHeadSizes(cfg), options.dropout));
  return { logits, matchLogits };
}
