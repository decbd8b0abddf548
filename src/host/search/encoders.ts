// Which models can embed text for search: encoders whose family gives their last hidden states
// (FamilySpec.hiddenStates), the vectors the index mean-pools.
import { FAMILIES, isModelType, familyFor, typeList } from '../../models/registry';
import type { ModelSummary } from '../models/model-types';

export function isSearchEncoder(model: ModelSummary): boolean {
  return model.supported && !model.problem && isModelType(model.modelType) && familyFor(model.modelType).hiddenStates !== undefined;
}

/** "albert, bert, …": the model types that can, for messages. */
export function encoderTypes(): string {
  return typeList(FAMILIES.filter((f) => f.hiddenStates !== undefined));
}

/** Why `model` cannot be a search encoder, in one line. */
export function notAnEncoder(model: ModelSummary): string {
  const what = model.problem ?? `it is a '${model.modelType ?? 'unknown'}' model`;
  return `${model.name} cannot embed code for search: ${what}. Search needs an encoder (${encoderTypes()}): pick one, or pretrain one with Pretrain Model on Workspace…`;
}
