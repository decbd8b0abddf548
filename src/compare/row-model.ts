/**
 * A row's networks at the comparison's sizes, before any data is read: the pretraining config
 * and step forward (for its FLOPs and parameters) and the classifier that finetuning makes of it.
 * Sizes use the requested vocabulary; a tokenizer that learns fewer tokens makes the real
 * networks slightly smaller (the output projection shrinks with it).
 */
import { buildConfig } from '../models/config-builder';
import type { ModelConfig, ModelType } from '../models/configs';
import type { ObjectiveName } from '../models/family';
import { trainFamily } from '../train/families';
import { classifierConfig } from '../train/finetune/finetune-classify';
import { classificationForward } from '../train/forward-classify';
import { countParameters, paramSpecsOf } from '../train/step/param-specs';
import { trainingFlopsPerStep } from './flops';
import type { CompareRequest } from './protocol';
import { REFERENCE_ROW, knownRow } from './rows';

export interface RowNetworks {
  /** The model a new pretraining run of this row builds. */
  config: ModelConfig;
  /** Training FLOPs of one pretraining step (0 for the baseline, which does not pretrain). */
  flopsPerStep: number;
  pretrainParameters: number;
  finetuneParameters: number;
}

/** The architecture and objective a row pretrains (the baseline: the reference's BERT, never trained). */
export function pretrainedArchitecture(rowId: string): { arch: ModelType; objective: ObjectiveName } {
  const row = knownRow(rowId);
  const reference = knownRow(REFERENCE_ROW);
  const pick = row.arch === 'none' ? reference : row;
  return { arch: pick.arch as ModelType, objective: pick.objective! };
}

/** The row's networks at `model`'s sizes, finetuned for `labels` labels. */
export function rowNetworks(rowId: string, model: CompareRequest['model'], labels: number): RowNetworks {
  const { arch, objective } = pretrainedArchitecture(rowId);
  const config = buildConfig({ arch, vocabSize: model.vocabSize, layers: model.layers, heads: model.heads, dim: model.dim, context: model.context, dropout: 0 });
  const forward = trainFamily(arch, objective).forward(config, { batch: model.batch, context: model.context });
  const names = Array.from({ length: labels }, (_, i) => `label${i}`);
  const classifier = classificationForward(classifierConfig(config, names, config.pad_token_id ?? 0), 1, model.context);
  const pretrains = knownRow(rowId).arch !== 'none';
  return {
    config,
    flopsPerStep: pretrains ? trainingFlopsPerStep(forward) : 0,
    pretrainParameters: pretrains ? countParameters(paramSpecsOf(forward)) : 0,
    finetuneParameters: countParameters(paramSpecsOf(classifier)),
  };
}
