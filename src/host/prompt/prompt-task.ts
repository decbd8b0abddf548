// A model's own task, from its summary alone: decoders generate, masked LMs fill masks. Free of
// Node: the prompt playground's protocol (bundled into its webview) shares the type.
import type { ModelSummary } from '../models/model-types';

export type PromptTask = 'generate' | 'fill-mask';

/** The model's own task, the one Fill Mask at Selection and a fresh playground use. */
export function promptTask(model: ModelSummary): PromptTask | undefined {
  if (!model.supported) return undefined;
  if (model.modelType === 'gpt2') return 'generate';
  if (model.modelType === 'bert') return 'fill-mask';
  return undefined;
}
