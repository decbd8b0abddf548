/**
 * NEZHA exactly as Hugging Face (transformers 4.x) `NezhaForMaskedLM` /
 * `NezhaForSequenceClassification` define it: BERT's encoder (src/models/bert/model.ts) under the
 * `nezha.` prefix with no absolute position embeddings and relative positions in every attention
 * (relative-positions.ts), and BERT's heads (`cls.predictions`; `nezha.pooler` + `classifier`).
 * Legend: B batch, T tokens, V vocabulary, L labels.
 */
import type { GraphBuilder } from '../../graph';
import { noDropout } from '../../nn/dropout';
import type { ParamSource } from '../../nn/params';
import { bertClassifierHead, bertMaskedLmHead } from '../bert/heads';
import { bertEncoder, type BertBuildOptions, type BertEncoderVariant, type BertInputs, type BertOutputs } from '../bert/model';
import type { NezhaConfig } from '../configs';
import { nezhaAttention } from './relative-positions';

const PREFIX = 'nezha';

export const NEZHA_VARIANT: BertEncoderVariant = {
  prefix: PREFIX,
  attention: (g, inputIds, cfg, dtype) => nezhaAttention(g, inputIds, cfg as NezhaConfig, dtype),
};

/** HF `NezhaForMaskedLM`: encoder (no pooler) + `cls.predictions`; logits (B, T, V). */
export function buildNezhaForMaskedLM(g: GraphBuilder, params: ParamSource, cfg: NezhaConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = bertEncoder(g, params, cfg, inputs, options, NEZHA_VARIANT);
  return { logits: g.scope('cls', () => bertMaskedLmHead(g, params, cfg, hidden, PREFIX)), attentions };
}

/** HF `NezhaForSequenceClassification`: encoder + `nezha.pooler` on [CLS] + dropout + `classifier`; logits (B, L). */
export function buildNezhaForSequenceClassification(g: GraphBuilder, params: ParamSource, cfg: NezhaConfig, inputs: BertInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = bertEncoder(g, params, cfg, inputs, options, NEZHA_VARIANT);
  return { logits: g.scope('classifier', () => bertClassifierHead(g, params, cfg, hidden, options.dropout ?? noDropout, PREFIX)), attentions };
}
