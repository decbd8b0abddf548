// A model's own task, from its summary and the model registry: decoders generate, masked LMs
// fill masks. The prompt playground's protocol (bundled into its webview) imports only the type.
import { familyFor, isModelType } from '../../models/registry';
import type { ModelSummary } from '../models/model-types';

export type PromptTask = 'generate' | 'fill-mask';

/** The model's own task, the one Fill Mask at Selection and a fresh playground use. */
export function promptTask(model: ModelSummary): PromptTask | undefined {
  if (!model.supported || !isModelType(model.modelType)) return undefined;
  const { tasks } = familyFor(model.modelType);
  if (tasks.generate) return 'generate';
  if (tasks.fillMask) return 'fill-mask';
  return undefined;
}
