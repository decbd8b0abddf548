/**
 * RoBERTa with the translation LM (`--objective tlm`: rows `<s> code </s></s> text </s>`,
 * positions restarting on each side, shifted past the pad id into RoBERTa's table) and with
 * Unicoder's pair-match task beside it (`tlm+match`: one encoder pass feeds `lm_head` and the
 * training-only match head of src/models/pair-match-head.ts).
 * Legend: B batch, T tokens, V vocabulary.
 */
import type { GraphBuilder, Value } from '../../graph';
import type { ParamSource } from '../../nn/params';
import { bertEncoder } from '../bert/model';
import type { RobertaConfig } from '../configs';
import type { GraphOptions, LmInputs } from '../family';
import { matchHeadSizes, pairMatchHead } from '../pair-match-head';
import { translationLmInputs } from '../translation-lm-inputs';
import { buildRobertaForMaskedLM, robertaLmHead, ROBERTA_VARIANT } from './model';

/** RoBERTa's position rows start after the pad id. */
function robertaTlmInputs(g: GraphBuilder, cfg: RobertaConfig, inputs: LmInputs) {
  return translationLmInputs(g, cfg, inputs, (cfg.pad_token_id ?? 0) + 1);
}

// → logits (B, T, V)
export function buildRobertaTranslationLm(g: GraphBuilder, params: ParamSource, cfg: RobertaConfig, inputs: LmInputs, options: GraphOptions = {}): Value {
  return buildRobertaForMaskedLM(g, params, cfg, robertaTlmInputs(g, cfg, inputs), options).logits;
}

// → logits (B, T, V), match logits (B, 2)
export function buildRobertaWithPairMatch(g: GraphBuilder, params: ParamSource, cfg: RobertaConfig, inputs: LmInputs, options: GraphOptions = {}): { logits: Value; matchLogits: Value } {
  const { hidden } = bertEncoder(g, params, cfg, robertaTlmInputs(g, cfg, inputs), options, ROBERTA_VARIANT);
  const logits = g.scope('lm_head', () => robertaLmHead(g, params, cfg, hidden));
  const matchLogits = g.scope('match', () => pairMatchHead(g, params, hidden, matchHeadSizes(cfg), options.dropout));
  return { logits, matchLogits };
}
