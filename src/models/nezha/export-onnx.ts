/**
 * NEZHA's onnx/model.onnx, laid out as BERT's (src/models/bert/export-onnx.ts: int64 input_ids,
 * attention_mask, token_type_ids of dynamic length; `logits` and `attentions.{i}` out), for the
 * masked-LM folder or a finetuned classifier.
 */
import { writeOnnx } from '../../graph';
import type { Weights } from '../../nn/params';
import { encoderInferenceGraph } from '../bert/export-onnx';
import type { NezhaConfig } from '../configs';
import { buildNezhaForMaskedLM, buildNezhaForSequenceClassification } from './model';

export const NEZHA_CLASSIFIER = 'NezhaForSequenceClassification';

export function exportNezhaOnnx(cfg: NezhaConfig, weights: Weights, classifier = cfg.architectures?.includes(NEZHA_CLASSIFIER) ?? false): Uint8Array {
  const build = classifier ? buildNezhaForSequenceClassification : buildNezhaForMaskedLM;
  return writeOnnx(encoderInferenceGraph(classifier ? 'nezha_sequence_classification' : 'nezha_masked_lm', weights, (g, params, inputs) => build(g, params, cfg, inputs)));
}
