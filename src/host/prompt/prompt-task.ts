// A model's own task, from its summary and the model registry: decoders generate, masked LMs
// fill masks. The type itself is in prompt-task-name.ts, which the webview protocol imports.
import { familiesWith, familyFor, isModelType, typeList } from '../../models/registry';
import type { ModelSummary } from '../models/model-types';
import type { PromptTask } from './prompt-task-name';

export type { PromptTask };

/** The model's own task, the one Fill Mask at Selection and a fresh playground use. */
export function promptTask(model: ModelSummary): PromptTask | undefined {
  if (!model.supported || !isModelType(model.modelType)) return undefined;
  const { tasks } = familyFor(model.modelType);
  // A folder may refuse what its family does (ELECTRA's discriminator has no masked-LM head).
  const serves = (task: 'generate' | 'fillMask') => tasks[task] && !model.refusedTasks?.[task];
  if (serves('generate')) return 'generate';
  if (serves('fillMask')) return 'fill-mask';
  return undefined;
}

/** Why the playground and Fill Mask cannot prompt this model, in one line, when they cannot. */
export function promptRefusal(model: ModelSummary): string | undefined {
  if (promptTask(model)) return undefined;
  const prompting = familiesWith('generate').concat(familiesWith('fillMask'));
  return model.problem ?? model.refusedTasks?.fillMask ?? model.refusedTasks?.generate
    ?? `${model.name} is a "${model.modelType ?? 'unknown'}" model; prompting needs a decoder or a masked LM (${typeList(prompting)})`;
}
