// What the playground offers for a model: decoders generate, masked LMs fill masks,
// and both classify through a template + verbalizer; a finetuned classifier (its
// config.json names a …ForSequenceClassification architecture) classifies with its
// own head and nothing else (a BERT classifier's masked-LM head is gone).
import { readConfig } from '../../models/config-io';
import { isSequenceClassifier } from '../../models/configs';
import type { ModelSummary } from '../models/model-types';
import type { ModelChoice, PromptTask } from './protocol';

/** The model's own task, the one Fill Mask at Selection and a fresh playground use. */
export function promptTask(model: ModelSummary): PromptTask | undefined {
  if (!model.supported) return undefined;
  if (model.modelType === 'gpt2') return 'generate';
  if (model.modelType === 'bert') return 'fill-mask';
  return undefined;
}

/** Finetuned classifiers say so in config.json's `architectures`. */
export async function hasClassifierHead(folder: string): Promise<boolean> {
  try {
    return isSequenceClassifier(await readConfig(folder));
  } catch {
    return false; // the model list already shows what is wrong with the folder
  }
}

/** The modes of the playground this model can run, and how it classifies. */
export function modelChoice(model: ModelSummary, id: number, hasHead: boolean): ModelChoice {
  const base = { id, name: model.name, type: model.modelType ?? '?' };
  const task = promptTask(model);
  if (task && hasHead) return { ...base, modes: ['classify'], classifyWith: 'finetuned head' };
  if (task === 'generate') return { ...base, modes: ['generate', 'classify'], classifyWith: 'decoder prompt' };
  if (task === 'fill-mask') return { ...base, modes: ['fill-mask', 'classify'], classifyWith: 'masked-LM prompt' };
  const problem = model.problem ?? `the playground runs GPT-2 (generation) and BERT (fill-mask) models; "${model.modelType}" is not wired up yet`;
  return { ...base, modes: [], problem };
}
