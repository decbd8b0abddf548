/**
 * Starting a run from a model folder's weights instead of random ones (finetuning, continued
 * pretraining): the folder's config, tokenizer and tensors, and the parameter table of the new
 * run filled from them. A parameter the folder lacks (a new classification head, a pooler the
 * masked-LM never had, a masked-LM head of a classifier) starts from its initialiser, and is
 * reported; a tensor of another shape is an error (a different model).
 */
import { addPretrainingSubfolders } from '../../models/pretraining-subfolders';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../util/errors';
import { loadModelFolder, type ShapedWeights } from '../../models/model-folder';
import { CONFIG_FILE, modelPaths } from '../../modelfile/layout';
import { openModelFolder } from '../../models/open-model';
import type { ModelConfig } from '../../models/configs';
import { dimensionsOf } from '../../models/configs';
import { initialWeights, type ParamSpec, type Weights } from '../../nn/params';
import type { PipelineTokenizer } from '../../tokenizer';
import type { RunHyperparams } from '../run/hyperparams';

export interface StartingModel {
  dir: string;
  config: ModelConfig;
  tokenizer: PipelineTokenizer;
  weights: ShapedWeights;
}

/** Loads the folder; `accept` may refuse its config before the weights are read. */
export async function loadStartingModel(dir: string, accept?: (config: ModelConfig) => void): Promise<StartingModel> {
  if (!existsSync(dir)) throw new InputError(`model folder ${dir} does not exist`);
  if (!existsSync(path.join(dir, CONFIG_FILE))) throw new InputError(`${dir} is not a model folder: it has no ${CONFIG_FILE}`);
  const model = await openModelFolder(dir);
  accept?.(model.config);
  const folder = await loadModelFolder(model);
  await addPretrainingSubfolders(dir, folder.config, folder.weights, false); // ELECTRA: its generator/, for continued pretraining
  if (!folder.tokenizer) throw new InputError(`${dir} has no tokenizer.json; finetuning keeps the model's tokenizer, so it needs one`);
  return { dir, config: folder.config, tokenizer: folder.tokenizer, weights: folder.weights };
}

/** The run's parameters: the folder's tensors where it has them, fresh ones elsewhere (named in `fresh`). */
export function warmStartWeights(specs: readonly ParamSpec[], start: StartingModel, seed: number): { weights: Weights; fresh: string[] } {
  const weights = initialWeights([...specs], seed);
  const fresh: string[] = [];
  for (const spec of specs) {
    const t = start.weights.get(spec.name);
    if (!t) {
      fresh.push(spec.name);
      continue;
    }
    if (t.shape.join() !== spec.shape.join()) {
      throw new InputError(`${modelPaths(start.dir).weights}: tensor '${spec.name}' is [${t.shape}] but the model's config asks for [${spec.shape}]`);
    }
    weights.set(spec.name, Float32Array.from(t.data));
  }
  if (fresh.length === specs.length) throw new InputError(`${start.dir}: none of its tensors is a parameter of a ${start.config.model_type} model; it cannot be finetuned`);
  return { weights, fresh };
}

export type StartingHyperparams = Pick<RunHyperparams, 'arch' | 'tokenizer' | 'vocabSize' | 'layers' | 'heads' | 'dim' | 'context'>;

/**
 * Hyperparameters a warm start cannot choose: the architecture, tokenizer and sizes are the
 * folder's. The context is the one asked for, else the default, never beyond the positions.
 */
export function startingHyperparams(start: StartingModel, context: number | undefined, defaultContext: number): StartingHyperparams {
  const dims = dimensionsOf(start.config);
  const maxPositions = dims.maxPositions ?? Infinity;
  if (context !== undefined && context > maxPositions) throw new InputError(`--context ${context} is longer than the model's ${maxPositions} positions`);
  return {
    arch: start.config.model_type,
    tokenizer: start.tokenizer.kind,
    vocabSize: start.tokenizer.vocabSize,
    layers: dims.layers,
    heads: dims.heads,
    dim: dims.width,
    context: context ?? Math.min(defaultContext, maxPositions),
  };
}
