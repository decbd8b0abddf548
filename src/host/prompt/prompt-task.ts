// A model's own task, from its summary and the model registry: decoders generate, masked LMs
// fill masks. The type itself is in prompt-task-name.ts, which the webview protocol imports.
import { familyFor, isModelType } from '../../models/registry';
import type { ModelSummary } from '../models/model-types';
import type { PromptTask } from './prompt-task-name';

export type { PromptTask };

/** The model's own task, the one Fill Mask at Selection and a fresh playground use. */
export function promptTask(model: ModelSummary): PromptTask | undefined {
  if (!model.supported || !isModelType(model.modelType)) return undefined;
  const { tasks } = familyFor(model.modelType);
  if (tasks.generate) return 'generate';
  if (tasks.fillMask) return 'fill-mask';
  return undefined;
}
