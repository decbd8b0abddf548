/**
 * LayoutLM exactly as Hugging Face `LayoutLMForMaskedLM` / `LayoutLMForSequenceClassification`
 * define it: BERT's encoder (src/models/bert/model.ts) under the `layoutlm.` prefix, positions
 * 0…T-1, whose embeddings also sum each token's box (x0, y0, x1, y1) through four 2-D tables —
 * x_position(x0) + y_position(y0) + x_position(x1) + y_position(y1) + h_position(y1 − y0) +
 * w_position(x1 − x0) — before the embedding LayerNorm; BERT's `cls.predictions` head tied to the
 * word embeddings; and the classifier: `layoutlm.pooler` (dense → tanh on the first token),
 * dropout at hidden_dropout_prob, `classifier`. No bbox means every box is (0, 0, 0, 0), as in HF.
 * Legend: B batch, T tokens, C width, V vocabulary, L labels.
 */
import type { GraphBuilder, Value } from '../../graph';
import { noDropout } from '../../nn/dropout';
import type { ParamSource } from '../../nn/params';
import { bertClassifierHead, bertMaskedLmHead } from '../bert/heads';
import { BERT_VARIANT, bertEncoder, type BertBuildOptions, type BertEncoderOutputs, type BertEncoderVariant, type BertInputs, type BertOutputs } from '../bert/model';
import type { LayoutLMConfig } from '../configs';

export const LAYOUTLM_PREFIX = 'layoutlm';

export interface LayoutLmInputs extends BertInputs {
  /** (B, T, 4) int32/int64 boxes (x0, y0, x1, y1), each in 0 … max_2d_position_embeddings − 1. */
  bbox?: Value;
}

/** HF `LayoutLMModel` without its pooler: the last hidden states and every layer's attention. */
export function layoutlmEncoder(g: GraphBuilder, params: ParamSource, cfg: LayoutLMConfig, inputs: LayoutLmInputs, options: BertBuildOptions = {}): BertEncoderOutputs {
  return bertEncoder(g, params, cfg, inputs, options, layoutlmVariant(cfg, inputs.bbox));
}

/** HF `LayoutLMForMaskedLM`: encoder + `cls.predictions` (tied to `layoutlm.embeddings.word_embeddings`). */
export function buildLayoutLmForMaskedLM(g: GraphBuilder, params: ParamSource, cfg: LayoutLMConfig, inputs: LayoutLmInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = layoutlmEncoder(g, params, cfg, inputs, options);
  return { logits: g.scope('cls', () => bertMaskedLmHead(g, params, cfg, hidden, LAYOUTLM_PREFIX)), attentions };
}

/** HF `LayoutLMForSequenceClassification`: encoder + pooler on the first token + dropout + `classifier`. */
export function buildLayoutLmForSequenceClassification(g: GraphBuilder, params: ParamSource, cfg: LayoutLMConfig, inputs: LayoutLmInputs, options: BertBuildOptions = {}): BertOutputs {
  const { hidden, attentions } = layoutlmEncoder(g, params, cfg, inputs, options);
  return { logits: g.scope('classifier', () => bertClassifierHead(g, params, cfg, hidden, options.dropout ?? noDropout, LAYOUTLM_PREFIX)), attentions };
}

/** BERT's encoder under `layoutlm.` with the box embeddings of `bbox` added to its embedding sum. */
function layoutlmVariant(cfg: LayoutLMConfig, bbox: Value | undefined): BertEncoderVariant {
  return { prefix: LAYOUTLM_PREFIX, positionIds: BERT_VARIANT.positionIds, extraEmbeddings: (g, params) => boxEmbeddings(g, params, cfg, bbox) };
}

// bbox (B, T, 4) → (B, T, C); no bbox → (1, C), the embeddings of the all-zero box
function boxEmbeddings(g: GraphBuilder, params: ParamSource, cfg: LayoutLMConfig, bbox: Value | undefined): Value {
  const C = cfg.hidden_size;
  const normal = { kind: 'normal', std: cfg.initializer_range } as const;
  // Made in HF's order: x, y, h, w.
  const [x, y, h, w] = (['x', 'y', 'h', 'w'] as const).map((axis) => params.param(`${LAYOUTLM_PREFIX}.embeddings.${axis}_position_embeddings.weight`, [cfg.max_2d_position_embeddings, C], normal));
  const coordinate = (k: number): Value => (bbox ? g.squeeze(g.slice(bbox, [k], [k + 1], [2]), [2]) : g.ints([0])); // (B, T) or (1,)
  const [x0, y0, x1, y1] = [0, 1, 2, 3].map(coordinate);
  const sides = [g.gather(x, x0), g.gather(y, y0), g.gather(x, x1), g.gather(y, y1), g.gather(h, g.sub(y1, y0)), g.gather(w, g.sub(x1, x0))];
  return sides.reduce((sum, e) => g.add(sum, e));
}
