/**
 * RoBERTa's onnx/model.onnx, laid out as BERT's (src/models/bert/export-onnx.ts: int64
 * input_ids, attention_mask, token_type_ids; `logits` and `attentions.{i}` out), for the
 * masked-LM folder or a finetuned classifier.
 */
import { writeOnnx } from '../../graph';
import type { Weights } from '../../nn/params';
import { encoderInferenceGraph } from '../bert/export-onnx';
import type { RobertaConfig } from '../configs';
import { buildRobertaForMaskedLM, buildRobertaForSequenceClassification } from './model';

export const ROBERTA_CLASSIFIER = 'RobertaForSequenceClassification';

export function exportRobertaOnnx(cfg: RobertaConfig, weights: Weights, classifier = cfg.architectures?.includes(ROBERTA_CLASSIFIER) ?? false): Uint8Array {
  const build = classifier ? buildRobertaForSequenceClassification : buildRobertaForMaskedLM;
  return writeOnnx(encoderInferenceGraph(classifier ? 'roberta_sequence_classification' : 'roberta_masked_lm', weights, (g, params, inputs) => build(g, params, cfg, inputs)));
}
