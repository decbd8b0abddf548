/**
 * The weights of a pretrained folder as its pretraining objective's graph names them, for
 * families that save one run as several folders (ELECTRA: the discriminator, and its generator
 * in generator/ whose weights the joint graph calls `generator.…`). `eval --corpus` and
 * continued pretraining read them through here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors';
import { CONFIG_FILE } from '../modelfile/layout';
import type { ModelConfig } from './configs';
import { loadModelFolder, type ShapedWeights } from './model-folder';
import { familyOf } from './registry';

/**
 * Adds the sub-folders' weights to `weights` under their prefixes. `required`: a missing
 * sub-folder, or a top folder of another class, is an InputError; otherwise they are skipped
 * (the run starts those parameters afresh, and says so).
 */
export async function addPretrainingSubfolders(dir: string, config: ModelConfig, weights: ShapedWeights, required: boolean): Promise<void> {
  const parts = familyOf(config).pretrainingSubfolders;
  if (!parts) return;
  if (!config.architectures?.includes(parts.architecture)) {
    if (!required) return;
    throw new InputError(`${dir} holds ${(config.architectures ?? []).join(', ') || 'no architectures'}; the pretraining objective is scored on the ${parts.architecture} folder it was saved in`);
  }
  for (const part of parts.folders) {
    const sub = path.join(dir, part.dir);
    if (!existsSync(path.join(sub, CONFIG_FILE))) {
      if (!required) continue;
      throw new InputError(`${dir} has no ${part.dir}/ folder (${CONFIG_FILE}): its pretraining objective needs the network saved there`);
    }
    for (const [name, t] of (await loadModelFolder(sub)).weights) weights.set(part.prefix + name, t);
  }
}
