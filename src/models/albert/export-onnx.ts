/**
 * ALBERT's onnx/model.onnx, laid out as BERT's (src/models/bert/export-onnx.ts: int64
 * input_ids, attention_mask, token_type_ids; `logits` and `attentions.{i}` out), for the
 * masked-LM folder or a finetuned classifier.
 */
import { writeOnnx } from '../../graph';
import type { Weights } from '../../nn/params';
import { encoderInferenceGraph } from '../bert/export-onnx';
import type { AlbertConfig } from '../configs';
import { buildAlbertForMaskedLM, buildAlbertForSequenceClassification } from './model';

export const ALBERT_CLASSIFIER = 'AlbertForSequenceClassification';

export function exportAlbertOnnx(cfg: AlbertConfig, weights: Weights, classifier = cfg.architectures?.includes(ALBERT_CLASSIFIER) ?? false): Uint8Array {
  const build = classifier ? buildAlbertForSequenceClassification : buildAlbertForMaskedLM;
  return writeOnnx(encoderInferenceGraph(classifier ? 'albert_sequence_classification' : 'albert_masked_lm', weights, (g, params, inputs) => build(g, params, cfg, inputs)));
}
