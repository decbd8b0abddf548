// Whether a model folder is a finetuned classifier: its config.json names a
// …ForSequenceClassification architecture, so it classifies with its own head (and nothing
// else: a BERT classifier's masked-LM head is gone). Classify Selection and the playground ask here.
import { readConfig } from '../../models/config-io';
import { isSequenceClassifier } from '../../models/configs';

export async function hasClassifierHead(folder: string): Promise<boolean> {
  try {
    return isSequenceClassifier(await readConfig(folder));
  } catch {
    return false; // the model list already shows what is wrong with the folder
  }
}
