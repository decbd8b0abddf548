// What the playground offers for a model: decoders generate, masked LMs fill masks,
// and both classify through a template + verbalizer; a finetuned classifier
// classifies with its own head and nothing else (a BERT classifier's masked-LM head is gone).
// Which task a model has comes from host/prompt/ (prompt-task.ts, classifier-head.ts).
import type { ModelSummary } from '../../host/models/model-types';
import { promptRefusal, promptTask } from '../../host/prompt/prompt-task';
import type { ModelChoice } from './protocol';

/** The modes of the playground this model can run, and how it classifies. */
export function modelChoice(model: ModelSummary, id: number, hasHead: boolean): ModelChoice {
  const base = { id, name: model.name, type: model.modelType ?? '?' };
  const task = promptTask(model);
  if (task && hasHead) return { ...base, modes: ['classify'], classifyWith: 'finetuned head' };
  if (task === 'generate') return { ...base, modes: ['generate', 'classify'], classifyWith: 'decoder prompt' };
  if (task === 'fill-mask') return { ...base, modes: ['fill-mask', 'classify'], classifyWith: 'masked-LM prompt' };
  return { ...base, modes: [], problem: promptRefusal(model) };
}
