/**
 * ELECTRA's onnx/model.onnx, laid out as BERT's (src/models/bert/export-onnx.ts: int64
 * input_ids, attention_mask, token_type_ids; `logits` and `attentions.{i}` out) for the class
 * the folder's `architectures` names: the discriminator (ElectraForPreTraining, logits (B, T)),
 * the generator (ElectraForMaskedLM) or a finetuned classifier.
 */
import { writeOnnx } from '../../graph';
import type { Weights } from '../../nn/params';
import { encoderInferenceGraph } from '../bert/export-onnx';
import type { ElectraConfig } from '../configs';
import { buildElectraForMaskedLM, buildElectraForPreTraining, buildElectraForSequenceClassification } from './model';

export const ELECTRA_CLASSES = {
  discriminator: 'ElectraForPreTraining',
  generator: 'ElectraForMaskedLM',
  classifier: 'ElectraForSequenceClassification',
} as const;

export type ElectraClass = keyof typeof ELECTRA_CLASSES;

/** Which network a config describes, by its `architectures` (the discriminator unless it names another). */
export function electraClassOf(cfg: Pick<ElectraConfig, 'architectures'>): ElectraClass {
  if (cfg.architectures?.includes(ELECTRA_CLASSES.classifier)) return 'classifier';
  if (cfg.architectures?.includes(ELECTRA_CLASSES.generator)) return 'generator';
  return 'discriminator';
}

const BUILDERS = { discriminator: buildElectraForPreTraining, generator: buildElectraForMaskedLM, classifier: buildElectraForSequenceClassification };

export function exportElectraOnnx(cfg: ElectraConfig, weights: Weights, network: ElectraClass = electraClassOf(cfg)): Uint8Array {
  const build = BUILDERS[network];
  return writeOnnx(encoderInferenceGraph(`electra_${network}`, weights, (g, params, inputs) => build(g, params, cfg, inputs)));
}
