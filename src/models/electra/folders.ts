/**
 * How an ELECTRA pretraining run's weights become two HF folders: the discriminator
 * (ElectraForPreTraining, the one users finetune) at the top, and the generator
 * (ElectraForMaskedLM, for fill-mask) in generator/. The joint run names the generator's own
 * parameters `generator.` + HF's names and both networks read the discriminator's `electra.embeddings.*`,
 * so each folder gets those same tensors (bit-identical) under HF's names.
 */
import type { ElectraConfig, ModelConfig } from '../configs';
import { configOf, type PretrainedFolder } from '../family';
import { generatorConfig } from './config';
import { GENERATOR_NAMES } from './rtd';

export const GENERATOR_DIR = 'generator';

const SHARED_EMBEDDINGS = 'electra.embeddings.';

export function electraFolders<T>(config: ModelConfig, weights: Map<string, T>): PretrainedFolder<T>[] {
  const discriminator: ElectraConfig = configOf(config, 'electra');
  const prefix = GENERATOR_NAMES.prefix;
  const own = [...weights].filter(([name]) => !name.startsWith(prefix));
  const generator = [...weights].filter(([name]) => name.startsWith(prefix)).map(([name, t]): [string, T] => [name.slice(prefix.length), t]);
  if (generator.length === 0) return [{ subdir: '', config, weights }]; // a finetuned or generator-only folder: one network
  const shared = own.filter(([name]) => name.startsWith(SHARED_EMBEDDINGS));
  return [
    { subdir: '', config, weights: new Map(own) },
    { subdir: GENERATOR_DIR, config: generatorConfig(discriminator), weights: new Map([...shared, ...generator]) },
  ];
}
