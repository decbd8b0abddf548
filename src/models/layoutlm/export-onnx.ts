/**
 * LayoutLM's onnx/model.onnx, laid out as BERT's (src/models/bert/export-onnx.ts: int64
 * input_ids, attention_mask, token_type_ids; `logits` and `attentions.{i}` out) plus the int64
 * `bbox` (batch_size, sequence_length, 4) that Optimum's LayoutLM export takes, for the
 * masked-LM folder or a finetuned classifier.
 */
import { writeOnnx } from '../../graph';
import type { Weights } from '../../nn/params';
import { encoderInferenceGraph } from '../bert/export-onnx';
import type { LayoutLMConfig } from '../configs';
import { buildLayoutLmForMaskedLM, buildLayoutLmForSequenceClassification } from './model';

export const LAYOUTLM_CLASSIFIER = 'LayoutLMForSequenceClassification';

/** The graph input holding each token's box. */
export const BBOX_INPUT = 'bbox';

export function exportLayoutLmOnnx(cfg: LayoutLMConfig, weights: Weights, classifier = cfg.architectures?.includes(LAYOUTLM_CLASSIFIER) ?? false): Uint8Array {
  const build = classifier ? buildLayoutLmForSequenceClassification : buildLayoutLmForMaskedLM;
  return writeOnnx(
    encoderInferenceGraph(classifier ? 'layoutlm_sequence_classification' : 'layoutlm_masked_lm', weights, (g, params, inputs) =>
      build(g, params, cfg, { ...inputs, bbox: g.input(BBOX_INPUT, 'int64', ['batch_size', 'sequence_length', 4]) }),
    ),
  );
}
